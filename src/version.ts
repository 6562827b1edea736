/**
 * @fileoverview kfx's own version, read from package.json once.
 */
import {readFileSync} from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}

/** The version of this kfx. */
export const VERSION: string = manifest.version
