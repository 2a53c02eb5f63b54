#!/usr/bin/env node
/**
 * Writes app/favicon.ico from app/icon.svg: 16, 32 and 48 px PNGs rendered by Chromium, in one ICO container.
 * Browsers ask for /favicon.ico on their own (before a streamed <head> names the SVG, or when a client navigation
 * swaps it), so the shop answers it with the same mark. Run again after changing icon.svg:
 *
 *   node web/scripts/make-favicon.mjs        (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..', 'app');
const SIZES = [16, 32, 48];

const svg = readFileSync(join(APP, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const images = [];
for (const size of SIZES) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  images.push(await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();

// ICO: a 6-byte header, a 16-byte directory entry per image, then the images (PNG payloads are allowed).
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach((png, index) => {
  const entry = 6 + 16 * index;
  header.writeUInt8(SIZES[index], entry);
  header.writeUInt8(SIZES[index], entry + 1);
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(png.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.length;
});
writeFileSync(join(APP, 'favicon.ico'), Buffer.concat([header, ...images]));
console.log(`app/favicon.ico: ${SIZES.join(', ')} px, ${offset} bytes`);
