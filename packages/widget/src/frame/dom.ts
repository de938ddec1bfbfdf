/** Text and nodes only: no string ever becomes markup, and nothing is styled inline (the CSP forbids it). */
export type Child = Node | string | null | undefined | false
type Handler = (event: Event) => void
export type Props = Record<string, string | number | boolean | null | undefined | Handler>

/**
 * Makes an element. `onclick`-style keys add listeners; `class`, `role`, `for`, `aria-*` and
 * `data-*` become attributes; any other key is set as a property (`type`, `disabled`, `href`…).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (typeof value === 'function') element.addEventListener(key.slice(2), value)
    else if (key === 'class') element.className = String(value)
    else if (key === 'role' || key === 'for' || key.startsWith('aria-') || key.startsWith('data-')) element.setAttribute(key, value === true ? 'true' : String(value))
    else (element as unknown as Record<string, unknown>)[key] = value
  }
  append(element, ...children)
  return element
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, ...children)
}
