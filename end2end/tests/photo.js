// A photo for tests, made in the page (works offline): a coloured "paper collage" of w × h
// pixels as PNG, ready for `setInputFiles`.
async function makePhoto(page, w, h) {
  const base64 = await page.evaluate(async ([w, h]) => {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#f4efe2';
    ctx.fillRect(0, 0, w, h);
    const colours = ['#d7263d', '#1b6ec2', '#2e9e44', '#f2c14e'];
    for (let i = 0; i < 12; i++) {
      ctx.fillStyle = colours[i % colours.length];
      ctx.fillRect((i * 97) % (w - 200), (i * 151) % (h - 200), 200, 160);
    }
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, [w, h]);
  return { name: 'collage.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') };
}

module.exports = { makePhoto };
