// Stands in for the `ws` package in the frame's bundle: browsers have a WebSocket of their own.
export const WebSocket = globalThis.WebSocket
export default globalThis.WebSocket
