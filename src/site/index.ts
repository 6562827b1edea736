/**
 * @fileoverview The site tree: folders → pages, files, languages, UUIDs, and
 * the Kirby version a site was written for.
 */
export {discover, findSiteRoot, pageForFile} from './discover.js'
export type {DiscoverOptions, Page, PageContentFile, Site, SiteFile, SiteVersion, UuidEntry} from './discover.js'
export {decideVersion, detectVersion, gatherEvidence, timeFieldNames} from './detect-version.js'
export type {DetectOptions, DetectedVersion, VersionEvidence} from './detect-version.js'
export {createLimit, nodeSiteFs} from './fs.js'
export type {SiteDirent, SiteFs} from './fs.js'
export {
  IGNORED_NAMES,
  PHP_INT_MAX,
  PHP_INT_MIN,
  UNTRACKED_EXTENSIONS,
  extensionOf,
  filenameOf,
  inventory,
  isIgnoredName,
  isInvisibleName,
  metaFileName,
  pageStatus,
  parseFolderName,
  phpIntCast
} from './inventory.js'
export type {FolderName, Inventory, InventoryContentFile, InventoryOptions, ListingEntry, PageStatus, SkippedEntry} from './inventory.js'
export {defaultLanguage, inferLanguages, normalizeLanguages, parseKirby2Config, parseLanguageFile, readLanguages} from './languages.js'
export type {Language, LanguagesOption, LanguagesResult} from './languages.js'
export {compareBytes, naturalCompare, natsort, strnatcmp, strnatcmpBytes} from './natsort.js'
export {scanContent} from './scan.js'
export type {ContentListing, ScanOptions} from './scan.js'
export {imageCaptionFor, resolveFileReference, resolvePageReference} from './resolve.js'
export type {FileResolution, LinkTarget, MetaReader, ReferenceParent} from './resolve.js'
