import QRCode from 'qrcode'

/**
 * QR codes for a link, drawn in the browser (nothing leaves the page). Dark on white whatever
 * the theme, with the quiet zone scanners need; error correction M survives a little dirt on
 * a printed code without making it much denser.
 */
const options = { errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } } as const

/** The code as an SVG document, for print. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...options, type: 'svg' })
}

/** The code as a PNG `data:` URL, `width` pixels square (the modules are whole pixels, so a little less). */
export function qrPngDataUrl(text: string, width = 1024): Promise<string> {
  return QRCode.toDataURL(text, { ...options, type: 'image/png', width })
}

/** Bytes of a `data:` URL, for a download. */
export function dataUrlBytes(dataUrl: string): Uint8Array<ArrayBuffer> {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1)
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
