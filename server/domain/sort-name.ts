// A sort key that orders names the Vietnamese way (a < ă < â < b … d < đ … o < ô < ơ … u < ư,
// then by tone: level, huyền, hỏi, ngã, sắc, nặng) when compared as plain bytes. Databases
// compare the key, so SQLite and PostgreSQL sort alike without an ICU collation. The key uses
// only the letters a–z, so byte order and any locale's order agree.

const ALPHABET = " 0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
const MODIFIED: Record<string, string> = {
  "a\u0306": "ă",
  "a\u0302": "â",
  "e\u0302": "ê",
  "o\u0302": "ô",
  "o\u031b": "ơ",
  "u\u031b": "ư",
};
const TONES: Record<string, string> = { "\u0300": "b", "\u0309": "c", "\u0303": "d", "\u0301": "e", "\u0323": "f" };
/** Ends the letters: lower than any letter's code, so "an" sorts before "anh". */
const END = "aa";

const code = (i: number) => String.fromCharCode(97 + Math.floor((i + 1) / 26), 97 + ((i + 1) % 26));

export function sortKeyOf(name: string): string {
  let letters = "";
  let tones = "";
  // Each base character with the combining marks that follow it (NFD splits "ấ" into a + ̂ + ́).
  for (const [, base, marks] of name
    .normalize("NFD")
    .toLowerCase()
    .matchAll(/([^\u0300-\u036f])([\u0300-\u036f]*)/g)) {
    let letter = base!;
    let tone = "a";
    for (const m of marks!) {
      if (TONES[m]) tone = TONES[m];
      else letter = MODIFIED[letter + m] ?? letter;
    }
    const i = ALPHABET.indexOf(letter);
    letters += code(i >= 0 ? i : 0); // other characters sort as a space
    tones += tone;
  }
  return letters + END + tones;
}
