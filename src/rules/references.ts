/**
 * @fileoverview Rules about links and references: pages, files, images and
 * UUIDs, resolved as Kirby resolves them.
 */
import type {Rule} from '../lint/rule.js'
import noBrokenLink from './no-broken-link.js'
import noBrokenUuid from './no-broken-uuid.js'
import noDeadExternalLink from './no-dead-external-link.js'
import noDuplicateUuid from './no-duplicate-uuid.js'
import noLinkToDraft from './no-link-to-draft.js'
import noMissingFile from './no-missing-file.js'
import noMissingImage from './no-missing-image.js'

/** The reference rules, in documentation order. */
export const referenceRules: ReadonlyArray<Rule<unknown>> = [
  noBrokenLink,
  noLinkToDraft,
  noMissingImage,
  noMissingFile,
  noBrokenUuid,
  noDuplicateUuid,
  noDeadExternalLink as Rule<unknown>
]
