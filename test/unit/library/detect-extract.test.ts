import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectType } from '../../../src-main/library/detect.ts';
import { detectAndExtract, extract, ExtractError } from '../../../src-main/library/extract.ts';
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

  it('titles plain text by its first line, else the file name', async () => {
    expect((await extract('/x/a.txt', 'text', text('\n\n  First words here\nmore'))).title).toBe('First words here');
    const license = await readFile('/usr/share/common-licenses/Apache-2.0').catch(() => null);
    if (license) expect((await extract('/x/Apache-2.0', 'text', license)).title).toBe('Apache License');
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
