export { twitterApi, twitterRoutes, type TwitterRouteOptions } from './dm-api.ts'
export { apiAuthenticate } from './authenticate.ts'
export type { TwitterAuthenticate, TwitterCaller } from './caller.ts'
export * from './presenters.ts'
