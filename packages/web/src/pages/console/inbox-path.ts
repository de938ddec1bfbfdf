/** The team inbox's address in the console; its own module so the messenger links back without loading the console. */
export const consoleInboxPath = (brandHandle: string, search = ''): string => `/console/${brandHandle}/inbox${search}`
