import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { fold } from './thread.ts'

/** A hand-picked set, each with English and French words to search by. */
const GROUPS: Array<{ key: MessageKey; emoji: Array<[string, string]> }> = [
  { key: 'messenger.emoji.smileys', emoji: [
    ['😀', 'grin smile sourire'], ['😃', 'smile happy content'], ['😄', 'laugh joy rire'], ['😁', 'grin beam'], ['😆', 'laugh lol rire'],
    ['😅', 'sweat relief ouf'], ['😂', 'tears joy lol larmes'], ['🤣', 'rofl rire'], ['🙂', 'slight smile sourire'], ['😉', 'wink clin'],
    ['😊', 'blush content'], ['😇', 'angel ange'], ['🥰', 'love hearts amour'], ['😍', 'heart eyes amour'], ['🤩', 'star struck étoiles'],
    ['😘', 'kiss bisou'], ['😋', 'yum delicious miam'], ['😛', 'tongue langue'], ['🤔', 'thinking hmm réfléchir'], ['🤨', 'raised eyebrow sourcil'],
    ['😐', 'neutral neutre'], ['😶', 'speechless muet'], ['🙄', 'eye roll yeux'], ['😏', 'smirk narquois'], ['😌', 'relieved soulagé'],
    ['😴', 'sleep dormir'], ['🤤', 'drool baver'], ['😷', 'mask masque'], ['🤒', 'sick malade'], ['🥳', 'party fête'],
    ['😎', 'cool sunglasses lunettes'], ['🤓', 'nerd geek'], ['😕', 'confused confus'], ['😟', 'worried inquiet'], ['😮', 'wow surprise'],
    ['😲', 'astonished étonné'], ['🥺', 'pleading please svp'], ['😢', 'cry sad triste pleurer'], ['😭', 'sob pleurer'], ['😱', 'scream peur'],
    ['😤', 'huff frustré'], ['😡', 'angry colère'], ['🤯', 'mind blown choqué'], ['🥶', 'cold froid'], ['🥵', 'hot chaud'],
    ['🤗', 'hug câlin'], ['🤭', 'oops oups'], ['🤫', 'shush chut'], ['🙃', 'upside down envers'], ['😬', 'grimace gêne'],
  ] },
  { key: 'messenger.emoji.people', emoji: [
    ['👋', 'wave hello bonjour salut'], ['🤚', 'hand main'], ['✋', 'raised hand stop'], ['👌', 'ok parfait'], ['🤌', 'pinched italien'],
    ['✌️', 'peace victoire'], ['🤞', 'fingers crossed croisés chance'], ['🤙', 'call me appelle'], ['👈', 'left gauche'], ['👉', 'right droite'],
    ['👆', 'up haut'], ['👇', 'down bas'], ['👍', 'thumbs up yes oui pouce'], ['👎', 'thumbs down no non'], ['👏', 'clap bravo applaudir'],
    ['🙌', 'hooray yay hourra'], ['🙏', 'thanks please merci prier'], ['🤝', 'handshake deal accord'], ['💪', 'strong muscle fort'], ['👀', 'eyes look yeux'],
    ['🧠', 'brain cerveau'], ['👶', 'baby bébé'], ['🧑‍💻', 'developer technologist développeur'], ['🧑‍🍳', 'cook chef cuisinier'], ['🧑‍🎓', 'student étudiant'],
    ['🙋', 'raise hand question'], ['🤷', 'shrug bof'], ['🤦', 'facepalm désespoir'], ['💁', 'info tip'], ['🙆', 'ok geste'],
  ] },
  { key: 'messenger.emoji.nature', emoji: [
    ['🐶', 'dog chien'], ['🐱', 'cat chat'], ['🐭', 'mouse souris'], ['🦊', 'fox renard'], ['🐻', 'bear ours'],
    ['🐼', 'panda'], ['🐨', 'koala'], ['🐯', 'tiger tigre'], ['🦁', 'lion'], ['🐮', 'cow vache'],
    ['🐷', 'pig cochon'], ['🐸', 'frog grenouille'], ['🐵', 'monkey singe'], ['🐔', 'chicken poule'], ['🐧', 'penguin pingouin'],
    ['🐦', 'bird oiseau'], ['🦋', 'butterfly papillon'], ['🐝', 'bee abeille'], ['🐢', 'turtle tortue'], ['🐙', 'octopus pieuvre'],
    ['🌵', 'cactus'], ['🌲', 'tree sapin arbre'], ['🌸', 'blossom fleur cerisier'], ['🌻', 'sunflower tournesol'], ['🍀', 'clover luck trèfle chance'],
    ['🍁', 'maple leaf érable'], ['🌈', 'rainbow arc-en-ciel'], ['☀️', 'sun soleil'], ['🌧️', 'rain pluie'], ['❄️', 'snow neige'],
  ] },
  { key: 'messenger.emoji.food', emoji: [
    ['☕', 'coffee café'], ['🫖', 'teapot théière'], ['🍵', 'tea thé'], ['🧋', 'bubble tea'], ['🥛', 'milk lait'],
    ['🍺', 'beer bière'], ['🍷', 'wine vin'], ['🥂', 'cheers santé champagne'], ['🍹', 'cocktail'], ['🧃', 'juice jus'],
    ['🥐', 'croissant'], ['🥖', 'baguette pain'], ['🧀', 'cheese fromage'], ['🥞', 'pancakes crêpes'], ['🍳', 'egg oeuf'],
    ['🍕', 'pizza'], ['🍔', 'burger'], ['🍟', 'fries frites'], ['🌮', 'taco'], ['🍣', 'sushi'],
    ['🍜', 'noodles nouilles'], ['🥗', 'salad salade'], ['🍎', 'apple pomme'], ['🍓', 'strawberry fraise'], ['🍋', 'lemon citron'],
    ['🍩', 'donut beignet'], ['🍪', 'cookie biscuit'], ['🍰', 'cake gâteau'], ['🎂', 'birthday anniversaire'], ['🍫', 'chocolate chocolat'],
  ] },
  { key: 'messenger.emoji.activities', emoji: [
    ['⚽', 'football soccer foot'], ['🏀', 'basketball'], ['🎾', 'tennis'], ['🏐', 'volleyball'], ['🏓', 'ping pong'],
    ['🚴', 'bike vélo'], ['🏃', 'run courir'], ['🏊', 'swim nager'], ['🧘', 'yoga'], ['🏆', 'trophy trophée'],
    ['🥇', 'gold medal or'], ['🎉', 'tada party fête'], ['🎊', 'confetti'], ['🎈', 'balloon ballon'], ['🎁', 'gift cadeau'],
    ['🎮', 'game jeu'], ['🎲', 'dice dé'], ['🎯', 'target cible'], ['🎨', 'art peinture'], ['🎵', 'music musique'],
    ['🎸', 'guitar guitare'], ['🎤', 'microphone micro'], ['🎬', 'movie film'], ['📚', 'books livres'], ['✈️', 'plane avion voyage'],
    ['🚗', 'car voiture'], ['🚲', 'bicycle vélo'], ['🚆', 'train'], ['🏠', 'home maison'], ['🏖️', 'beach plage'],
  ] },
  { key: 'messenger.emoji.objects', emoji: [
    ['📦', 'package parcel colis'], ['🚚', 'delivery truck livraison camion'], ['📬', 'mailbox courrier'], ['✉️', 'envelope lettre'], ['📞', 'phone téléphone'],
    ['📱', 'mobile portable'], ['💻', 'laptop ordinateur'], ['⌚', 'watch montre'], ['📷', 'camera photo'], ['💡', 'idea idée ampoule'],
    ['🔑', 'key clé'], ['🔒', 'lock cadenas'], ['🛒', 'cart panier'], ['💳', 'card carte'], ['💰', 'money argent'],
    ['🧾', 'receipt reçu facture'], ['📅', 'calendar calendrier'], ['⏰', 'alarm réveil'], ['⏳', 'hourglass sablier attente'], ['📝', 'memo note'],
    ['📌', 'pin épingle'], ['📎', 'paperclip trombone'], ['✂️', 'scissors ciseaux'], ['🔧', 'wrench clé'], ['🧰', 'toolbox outils'],
  ] },
  { key: 'messenger.emoji.symbols', emoji: [
    ['❤️', 'heart love coeur amour'], ['🧡', 'orange heart coeur'], ['💛', 'yellow heart coeur'], ['💚', 'green heart coeur'], ['💙', 'blue heart coeur'],
    ['💜', 'purple heart coeur'], ['🖤', 'black heart coeur'], ['💔', 'broken heart coeur brisé'], ['💯', 'hundred cent'], ['✨', 'sparkles étincelles'],
    ['⭐', 'star étoile'], ['🔥', 'fire feu'], ['💥', 'boom'], ['💬', 'speech bulle'], ['💤', 'zzz sommeil'],
    ['✅', 'check done fait'], ['❌', 'cross no non'], ['⚠️', 'warning attention'], ['❓', 'question'], ['❗', 'exclamation'],
    ['➡️', 'arrow flèche'], ['🔁', 'repeat répéter'], ['🆗', 'ok'], ['🆕', 'new nouveau'], ['🎶', 'notes musique'],
  ] },
]

const COLUMNS = 8

/**
 * A small emoji picker: a search field and a grid of buttons. Arrow keys move through the
 * grid, Enter picks, Escape closes. The emoji themselves are text: screen readers name them.
 */
export function EmojiPicker({ onPick, onClose }: { onPick(emoji: string): void; onClose(): void }) {
  const { t } = useI18n()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const rootRef = useRef<HTMLDivElement>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const groups = useMemo(() => {
    const q = fold(query.trim())
    if (!q) return GROUPS
    const found = GROUPS.flatMap((g) => g.emoji).filter(([, words]) => fold(words).includes(q))
    return [{ key: 'messenger.emoji.results' as MessageKey, emoji: found }]
  }, [query])
  const flat = groups.flatMap((g) => g.emoji.map(([emoji]) => emoji))

  useEffect(() => { searchRef.current?.focus() }, [])
  useEffect(() => {
    const onPointer = (event: PointerEvent) => { if (!rootRef.current?.contains(event.target as Node)) onClose() }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [onClose])

  const focusAt = (index: number) => {
    const clamped = Math.max(0, Math.min(flat.length - 1, index))
    setActive(clamped)
    rootRef.current?.querySelector<HTMLElement>(`[data-emoji-index="${clamped}"]`)?.focus()
  }
  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }
    const move = moves[event.key]
    if (move !== undefined) {
      event.preventDefault()
      if (event.key === 'ArrowUp' && active < COLUMNS) { searchRef.current?.focus(); return }
      focusAt(active + move)
    } else if (event.key === 'Home') { event.preventDefault(); focusAt(0) }
    else if (event.key === 'End') { event.preventDefault(); focusAt(flat.length - 1) }
  }

  let index = -1
  return (
    <div ref={rootRef} className="msg-emoji" role="dialog" aria-label={t('messenger.emoji.title')}
      onKeyDown={(event) => { if (event.key === 'Escape') { event.stopPropagation(); onClose() } }}>
      <input
        ref={searchRef}
        type="search"
        className="msg-emoji__search"
        placeholder={t('messenger.emoji.search')}
        aria-label={t('messenger.emoji.search')}
        value={query}
        onChange={(event) => { setQuery(event.target.value); setActive(0) }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') { event.preventDefault(); focusAt(0) }
          if (event.key === 'Enter' && flat[0]) { event.preventDefault(); onPick(flat[0]) }
        }}
      />
      <div className="msg-emoji__scroll" onKeyDown={onGridKey}>
        {flat.length === 0 && <p className="msg-emoji__none">{t('messenger.emoji.none')}</p>}
        {groups.map((group) => group.emoji.length > 0 && (
          <section key={group.key} className="msg-emoji__group" aria-label={t(group.key)}>
            <h3 className="msg-emoji__heading">{t(group.key)}</h3>
            <div className="msg-emoji__grid">
              {group.emoji.map(([emoji]) => {
                index++
                const mine = index
                return (
                  <button key={emoji} type="button" className="msg-emoji__item" data-emoji-index={mine} tabIndex={mine === active ? 0 : -1}
                    onFocus={() => setActive(mine)} onClick={() => onPick(emoji)}>
                    {emoji}
                  </button>
                )
              })}
            </div>
          </section>
        ))}
      </div>
    </div>
  )
}
