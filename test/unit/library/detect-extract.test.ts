import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectType } from '../../../src-main/library/detect.ts';
import { detectAndExtract, extract, ExtractError, TITLE_MAX_CHARS } from '../../../src-main/library/extract.ts';
import { makePdf } from '../../fixtures/library/pdf.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const text = (s: string) => Buffer.from(s, 'utf8');

describe('detectType', () => {
  it('trusts content over the extension', async () => {
    expect(await detectType('notes.txt', makePdf(['hello']))).toMatchObject({ ok: true, type: 'pdf' });
    expect(await detectType('page.txt', text('<!DOCTYPE html><html><body>x</body></html>'))).toMatchObject({ ok: true, type: 'html' });
    expect(await detectType('report.pdf', text('just words'))).toMatchObject({ ok: true, type: 'text' });
  });

  it('uses the extension only between text flavours', async () => {
    expect(await detectType('a.md', text('# Title\n\nbody'))).toMatchObject({ ok: true, type: 'markdown' });
    expect(await detectType('a.txt', text('# Title\n\nbody'))).toMatchObject({ ok: true, type: 'text' });
    expect(await detectType('a.html', text('<p>fragment</p>'))).toMatchObject({ ok: true, type: 'html' });
  });

  it('fails binary, empty and blank files with a reason', async () => {
    expect(await detectType('photo.md', PNG)).toEqual({ ok: false, reason: 'unsupported binary file (image/png)' });
    expect(await detectType('x.txt', Buffer.from([1, 2, 0, 4, 5]))).toEqual({ ok: false, reason: 'binary file (not readable as text)' });
    // Words that happen to spell a container atom at bytes 4–7 are still text.
    expect(await detectType('x.txt', text('Xxx wide open fields and moov ftyp words'))).toMatchObject({ ok: true, type: 'text' });
    expect(await detectType('x.txt', Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty file' });
    expect(await detectType('x.txt', text(' \n\t\n'))).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
  });

  it('reads legacy 8-bit text instead of refusing it', async () => {
    const latin1 = Buffer.from('Caf\xe9 cr\xe8me', 'latin1');
    expect(await detectType('menu.txt', latin1)).toMatchObject({ ok: true, type: 'text', text: 'Café crème' });
  });
});

describe('extract', () => {
  it('reads the text and title of a real PDF', async () => {
    const pdf = makePdf(['Cleaning photovoltaic modules keeps output high.', 'Check the inverter after storms.'], 'Solar Care');
    const out = await extract('/x/solar.pdf', 'pdf', pdf);
    expect(out.title).toBe('Solar Care');
    expect(out.text).toContain('photovoltaic modules');
    expect(out.text).toContain('inverter');
  });

  it('fails a broken PDF with an ExtractError', async () => {
    const broken = makePdf(['x']).subarray(0, 60);
    await expect(extract('/x/b.pdf', 'pdf', broken)).rejects.toBeInstanceOf(ExtractError);
  });

  it('turns HTML into readable text without scripts, taking <title>', async () => {
    const html = '<html><head><title>Tea &amp; Biscuits</title><script>var secret = 1;</script></head><body><h1>Brewing</h1><p>Steep for <b>four</b> minutes.</p></body></html>';
    const out = await extract('/x/tea.html', 'html', text(html), html);
    expect(out.title).toBe('Tea & Biscuits');
    expect(out.text).toMatch(/BREWING|Brewing/);
    expect(out.text).toContain('Steep for four minutes.');
    expect(out.text).not.toContain('secret');
  });

  it('keeps markdown verbatim and titles it by its first heading', async () => {
    const md = 'Intro line\n\n## Garden plan\n\nPlant beans in May.\r\n';
    const out = await extract('/x/plan.md', 'markdown', text(md), md);
    expect(out.title).toBe('Garden plan');
    expect(out.text).toBe('Intro line\n\n## Garden plan\n\nPlant beans in May.\n');
  });

  it('titles plain text by a first line that stands as a title, else the file name', async () => {
    const title = async (path: string, body: string) => (await extract(path, 'text', text(body))).title;
    // On its own: a blank line or the end of the text after it.
    expect(await title('/x/a.txt', '\n\n  First words here\n\nmore')).toBe('First words here');
    expect(await title('/x/a.txt', 'Shopping list')).toBe('Shopping list');
    expect(await title('/x/ls.txt', 'LS(1)          User Commands          LS(1)\n\nSYNOPSIS\n       ls [OPTION]...')).toBe('LS(1) User Commands LS(1)');
    // Underlined (setext, reStructuredText; an overline is skipped) or centred.
    expect(await title('/x/readme.txt', 'Garden plan\n===========\nBeans in May.')).toBe('Garden plan');
    expect(await title('/x/readme.rst', '=======\nTooling\n=======\nSome words.')).toBe('Tooling');
    expect(await title('/x/gpl.txt', '          GNU GENERAL PUBLIC LICENSE\n            Version 3, 29 June 2007\n')).toBe('GNU GENERAL PUBLIC LICENSE');
    const license = await readFile('/usr/share/common-licenses/Apache-2.0').catch(() => null);
    if (license) expect((await extract('/x/Apache-2.0', 'text', license)).title).toBe('Apache License');
    // The first line of wrapped prose is a fragment of a sentence: the file name instead.
    const wrapped = 'This package provides the GL dispatch library, which forwards\ncalls to the vendor library.\n';
    expect(await title('/x/libgl1.txt', wrapped)).toBe('libgl1');
    expect(await title('/x/notes.md.txt', '   An indented paragraph starts here and\ngoes on.')).toBe('notes.md');
    // A paragraph on one line is too long for a title; up to TITLE_MAX_CHARS it is one.
    expect(await title('/x/long.txt', `${'word '.repeat(TITLE_MAX_CHARS / 5)}more\n\nBody.`)).toBe('long');
    expect(await title('/x/edge.txt', `${'x'.repeat(TITLE_MAX_CHARS)}\n\nBody.`)).toBe('x'.repeat(TITLE_MAX_CHARS));
    // Nothing but a rule: the file name.
    expect(await title('/x/rule.txt', '----------\n')).toBe('rule');
  });

  it('titles markdown without a heading, and HTML without <title>, by the same rule', async () => {
    const md = 'A first paragraph that wraps\nonto a second line.\n';
    expect((await extract('/x/plan.md', 'markdown', text(md), md)).title).toBe('plan');
    expect((await extract('/x/plan.md', 'markdown', text('Plan\n\nBeans.'), 'Plan\n\nBeans.')).title).toBe('Plan');
    const html = `<html><body><h2>Brewing</h2><p>${'Steep the leaves for four minutes. '.repeat(4)}</p></body></html>`;
    expect((await extract('/x/tea.html', 'html', text(html), html)).title).toMatch(/^brewing$/i);
    const untitled = `<html><body><p>${'Steep the leaves for four minutes. '.repeat(4)}</p></body></html>`;
    expect((await extract('/x/tea.html', 'html', text(untitled), untitled)).title).toBe('tea');
  });

  it('titles a PDF without a Title by its first line when short, else by its file name', async () => {
    expect((await extract('/x/solar.pdf', 'pdf', makePdf(['Solar care', 'Clean the modules.']))).title).toBe('Solar care');
    // Narrow letters, so that the whole line fits on the page.
    expect((await extract('/x/solar.pdf', 'pdf', makePdf(['ill '.repeat(30)]))).title).toBe('solar');
  });
});

describe('detectAndExtract (what the extraction worker runs)', () => {
  it('gives the type, text and title, or the reason a file cannot be read, as an outcome', async () => {
    expect(await detectAndExtract('/x/notes.txt', makePdf(['Sealed in a PDF'], 'Named'))).toEqual({ ok: true, type: 'pdf', text: 'Sealed in a PDF', title: 'Named' });
    expect(await detectAndExtract('/x/plan.md', text('# Plan\n\nBeans.'))).toEqual({ ok: true, type: 'markdown', text: '# Plan\n\nBeans.', title: 'Plan' });
    expect(await detectAndExtract('/x/photo.md', PNG)).toEqual({ ok: false, reason: 'unsupported binary file (image/png)' });
    expect(await detectAndExtract('/x/b.pdf', makePdf(['x']).subarray(0, 60))).toMatchObject({ ok: false, reason: expect.stringMatching(/^broken PDF/) });
  });
});
