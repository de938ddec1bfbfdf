export { DiskMediaStore, looksLikeSvg, sniffMedia, type DiskMediaStoreOptions } from './disk-media-store.ts'
