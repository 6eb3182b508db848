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

/** A photo of noise (w × h), which JPEG cannot make small: for uploads in several parts. */
async function makeNoisyPhoto(page, w, h) {
  const base64 = await page.evaluate(async ([w, h]) => {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(w, h);
    let x = 1234567;
    for (let i = 0; i < image.data.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      image.data[i] = i % 4 === 3 ? 255 : x >>> 24;
    }
    ctx.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, [w, h]);
  return { name: 'ruis.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') };
}

module.exports = { makePhoto, makeNoisyPhoto };
