/** Text folded for a forgiving name search: case, accents and spacing do not matter ("Jose Nunez" finds "José Núñez"). */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
