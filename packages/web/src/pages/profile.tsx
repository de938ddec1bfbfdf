export default function ProfilePage({ handle }: { handle: string }) {
  return <main className="page" id="main"><h1>@{handle}</h1></main>
}
