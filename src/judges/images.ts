/** An image referenced by an item or an output, with the label the judge sees next to it. */
export interface ImageRef {
  url: string;
  label: string;
}

const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=]+$/;
const HTTPS_IMAGE = /^https:\/\/[^\s"'<>()]+$/;

/** True for the image URLs winrate sends to judges and shows: https URLs and base64 PNG/JPEG/GIF/WebP data URIs. */
export function isImageUrl(url: string): boolean {
  return DATA_IMAGE.test(url) || HTTPS_IMAGE.test(url);
}

/**
 * Images in a text: markdown images `![alt](url)`, and lines that are only an image URL (https with an image
 * extension, or a data URI) — how multimodal benchmarks put images in prompts and outputs.
 */
export function findImages(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)/g)) if (isImageUrl(m[1])) out.push(m[1]);
  for (const line of text.split('\n')) {
    const t = line.trim();
    if ((DATA_IMAGE.test(t) || /^https:\/\/\S+\.(?:png|jpe?g|gif|webp)(?:\?\S*)?$/i.test(t)) && !out.includes(t))
      out.push(t);
  }
  return out;
}

/**
 * The images of a judging request, labelled by where they come from ("image 1 of the instruction", "… of response A").
 */
export function requestImages(parts: { text: string; where: string }[]): ImageRef[] {
  return parts.flatMap(({ text, where }) =>
    findImages(text).map((url, i) => ({ url, label: `image ${i + 1} of ${where}` })),
  );
}

/** A data URI's media type and base64 payload (for APIs that take images inline). */
export function splitDataUri(url: string): { mediaType: string; data: string } | null {
  const m = /^data:(image\/[a-z]+);base64,(.*)$/s.exec(url);
  return m ? { mediaType: m[1] === 'image/jpg' ? 'image/jpeg' : m[1], data: m[2] } : null;
}
