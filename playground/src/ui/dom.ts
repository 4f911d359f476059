/** Small DOM helpers for the page. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no element #${id}`);
  return el as T;
}

export function fillSelect(select: HTMLSelectElement, values: readonly string[], labels: Record<string, string> = {}): void {
  const current = select.value;
  select.replaceChildren(
    ...values.map((v) => {
      const option = document.createElement('option');
      option.value = v;
      option.textContent = labels[v] ?? v;
      return option;
    }),
  );
  if (values.includes(current)) select.value = current;
}

/** Offers text as a file to save. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function readText(file: File): Promise<string> {
  return file.text();
}
