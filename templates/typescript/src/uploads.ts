// Files for multipart bodies: Blob, File, bytes, or { name, data, type }.

/** What a file field accepts. A `File` keeps its name; bytes are named after the field. */
export type Uploadable =
  | Blob
  | ArrayBuffer
  | Uint8Array
  | { name: string; data: Blob | ArrayBuffer | Uint8Array | string; type?: string };

function isNamed(value: unknown): value is { name: string; data: Blob | ArrayBuffer | Uint8Array | string; type?: string } {
  return typeof value === "object" && value !== null && "name" in value && "data" in value;
}

/** A Blob and its file name, read once, so every retry sends the same bytes. */
export function toBlob(value: Uploadable, fallbackName: string): { blob: Blob; name: string } {
  if (value instanceof Blob) {
    const name = (value as { name?: unknown }).name;
    return { blob: value, name: typeof name === "string" && name !== "" ? name : fallbackName };
  }
  if (value instanceof ArrayBuffer || value instanceof Uint8Array) {
    return { blob: new Blob([value]), name: fallbackName };
  }
  const options = value.type === undefined ? {} : { type: value.type };
  const data = value.data instanceof Blob ? value.data : new Blob([value.data], options);
  return { blob: data, name: value.name };
}

/** A file from bytes or text, with a name and a MIME type. */
export function toFile(
  data: Blob | ArrayBuffer | Uint8Array | string,
  name: string,
  options: { type?: string } = {},
): { name: string; data: Blob } {
  const blob = data instanceof Blob && options.type === undefined ? data : new Blob([data], options);
  return { name, data: blob };
}

/** One form field: files as parts with a file name, arrays repeated, objects as JSON. */
export function appendForm(form: FormData, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value instanceof Blob || value instanceof ArrayBuffer || value instanceof Uint8Array || isNamed(value)) {
    const { blob, name } = toBlob(value, key);
    form.append(key, blob, name);
  } else if (Array.isArray(value)) {
    for (const item of value) appendForm(form, key, item);
  } else if (typeof value === "object") {
    form.append(key, JSON.stringify(value));
  } else {
    form.append(key, String(value));
  }
}
