/**
 * The compact page model (issue #7): derived fields read as before, JSON
 * keeps the documented key order, strings are shared where they are the
 * same path, and collections resolve through `site.byId` also when a draft
 * has the id of a page or of a same-slug sibling.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {discover, resolveFileReference, resolvePageReference, type Site} from '../src/site/index.js'

let root: string
const write = (path: string, text = 'Title: x\n'): void => {
  mkdirSync(dirname(join(root, path)), {recursive: true})
  writeFileSync(join(root, path), text)
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kfx-site-index-'))
  mkdirSync(join(root, 'site'))
  write('content/site.txt')
  write('content/home/home.txt')
  write('content/1_blog/blog.txt')
  write('content/1_blog/cover.jpg', 'jpg')
  write('content/1_blog/cover.jpg.txt', 'Caption: c\n')
  write('content/1_blog/3_post/article.txt')
  write('content/1_blog/3_post/photo.jpg', 'jpg')
  write('content/1_blog/_drafts/post/article.txt', 'Title: draft\n')
  write('content/1_blog/_drafts/post/draft.jpg', 'jpg')
  write('content/1_blog/_drafts/idea/note.txt')
  write('content/_drafts/blog/blog.txt')
  write('content/_drafts/blog/post/article.txt')
  write('content/_drafts/blog/post/other.jpg', 'jpg')
  write('content/2_same/same.txt')
  write('content/3_same/same.txt')
  write('content/2_same/kid/default.txt')
})

afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('the compact page model', () => {
  let site: Site
  beforeAll(async () => {
    site = await discover(root, {version: '5', baseUrl: 'https://example.com'})
  })

  test('derived fields and JSON order', () => {
    const post = site.byId.get('blog/post')!
    expect([post.uid, post.slug, post.num, post.numText, post.url, post.folder, post.dir, post.parent]).toEqual([
      'post', 'post', 3, '3', 'https://example.com/blog/post', '3_post', 'content/1_blog/3_post', 'blog'
    ])
    expect(site.byId.get('home')!.url).toBe('https://example.com')
    expect(site.byId.get('home')!.numText).toBeUndefined()
    expect(Object.keys(JSON.parse(JSON.stringify(post)))).toEqual([
      'id', 'uid', 'slug', 'num', 'status', 'draft', 'template', 'folder', 'dir', 'parent', 'url', 'contentFiles', 'files', 'children', 'numText', 'contentFile'
    ])
    const hidden = site.pages.find((page) => page.folder === '2_same')!
    expect(JSON.parse(JSON.stringify(hidden)).virtual).toBe(true)
    expect(site.pages.find((page) => page.dir === 'content/2_same/kid')!.virtual).toBe(true)
    expect(site.byId.get('blog')!.children).toEqual(['blog/post', 'blog/idea', 'blog/post'])
  })

  test('contentFile and file meta are paths of contentFiles', () => {
    const blog = site.byId.get('blog')!
    expect(blog.contentFile).toBe('content/1_blog/blog.txt')
    expect(blog.files).toEqual([
      {filename: 'cover.jpg', id: 'blog/cover.jpg', path: 'content/1_blog/cover.jpg', meta: 'content/1_blog/cover.jpg.txt'}
    ])
    expect(blog.contentFiles.map((file) => [file.name, file.role, file.metaFor])).toEqual([
      ['blog.txt', 'content', undefined],
      ['cover.jpg.txt', 'meta', 'cover.jpg']
    ])
  })

  test('pages and drafts of one id resolve in their own collection', () => {
    const post = site.byId.get('blog/post')!
    const draft = site.pages.find((page) => page.dir === 'content/1_blog/_drafts/post')!
    const topDraft = site.pages.find((page) => page.dir === 'content/_drafts/blog/post')!
    expect(draft.id).toBe('blog/post')
    expect(resolvePageReference(site, 'site', 'blog/post')).toMatchObject({kind: 'page', page: post})
    expect(resolvePageReference(site, 'site', 'blog/idea')).toMatchObject({kind: 'page', page: {dir: 'content/1_blog/_drafts/idea'}, draft: true})
    expect(resolveFileReference(site, post, 'photo.jpg')).toMatchObject({file: {id: 'blog/post/photo.jpg'}, via: 'parent'})
    // Kirby finds the page `blog/post` first, and stops there.
    expect(resolveFileReference(site, 'site', 'blog/post/draft.jpg')).toBeUndefined()
    // A draft whose id `site.byId` gives to a page is found among the drafts.
    expect(resolvePageReference(site, 'site', '_drafts/blog')).toMatchObject({kind: 'page', page: {dir: 'content/_drafts/blog'}, draft: true})
    expect(resolveFileReference(site, topDraft, 'other.jpg')).toMatchObject({page: topDraft, via: 'parent'})
    expect(resolveFileReference(site, 'site', 'blog/post/other.jpg')).toBeUndefined()
    expect(resolveFileReference(site, 'site', 'blog/COVER.JPG')).toMatchObject({file: {id: 'blog/cover.jpg'}, via: 'child'})
    expect(resolvePageReference(site, 'site', 'same/kid')).toMatchObject({kind: 'missing'})
  })
})
