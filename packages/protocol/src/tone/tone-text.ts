/** Text helpers shared by the tone check's rules (check-tone.ts) and its model (model.ts). */

/**
 * Capitals that are names, not shouting: acronyms, codes, carriers, units. A word of capitals
 * that is none of these, has a vowel (USPS, DHL, SMS have none: acronyms) and is not a Roman
 * numeral is shouting when it is emphatic ("NOT"), three letters or more ("Call THEM", "the LAST
 * time") outside a warm or apologetic sentence, or stands beside another word of capitals.
 */
export const acronyms = new Set((
  'FAQ SMS MMS PDF URL ID IDS TVA SAV UPS DHL TNT DPD GLS API CEO CTO OK TV USB RGPD GDPR SNCF RATP ASAP EU UE UK USA HTML CSS JSON ' +
  'FYI PS NB ETA CGV CGU AM PM TTC HT IBAN RIB SIRET EAN SKU QR GPS HTTP HTTPS WIFI IOS CB VIP AOC DIY EUR USD GBP PIN OTP DM MP RSVP ' +
  'XL XXL XS SAS SARL PME CNIL NW PDG RH IT BTW TBD AKA DVD CD PC MAC ISO ' +
  'RMA USPS UPC VAT ATM SIM LED LCD OLED HDMI NFC RAM SSD CPU GPU APP PIN SAMU EDF RER TGV CAF CPAM URSSAF AFNOR ' +
  'JPG JPEG PNG GIF CSV ZIP ISBN FEDEX TBH IMO IMHO LOL MDR PTDR OMG DIY UX UI AI IA SEO ERP CRM SAAS ' +
  'IKEA LEGO ASOS ZARA NIKE BMW H&M COVID NASA UNESCO ONU OTAN NATO'
).split(' '))
export const isName = (word: string) => acronyms.has(word) || !/[AEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜ]/.test(word) || /^[IVXLCDM]+$/.test(word)

/**
 * The customer's words quoted in a reply are theirs, not the brand's tone: blanked out before the
 * check. Single quotes count too ('WORST SERVICE EVER'), when they open after a space or a mark
 * and close before one, so that the apostrophes of "don't" and "customers'" are left alone.
 */
const quoted = [
  /"[^"\n]{1,1000}"/g, /“[^”\n]{1,1000}”/g, /«[^»\n]{1,1000}»/g, /^>[^\n]*/gm,
  /(?<![\p{L}\p{N}])['‘](?=[^\s'‘’])[^\n]{1,1000}?(?<=\S)['’](?![\p{L}\p{N}])/gu,
]

export function maskQuotes(text: string): string {
  let masked = text
  for (const pattern of quoted) masked = masked.replace(pattern, (q) => q.replace(/[^\n]/g, ' '))
  return masked
}

/**
 * Lower case, accents off, typographic apostrophes and spaces made plain: one character for one,
 * so an offset in the folded text is the same offset in the draft.
 */
export function fold(text: string): string {
  let out = ''
  for (const c of text) {
    if (c.length > 1) { out += c; continue }
    if (c === '’' || c === 'ʼ' || c === '‘') { out += "'"; continue }
    if (/\s/.test(c)) { out += c === '\n' ? c : ' '; continue }
    const base = (c.normalize('NFD')[0] ?? c).toLowerCase()
    out += base.length === 1 ? base : c
  }
  return out
}
