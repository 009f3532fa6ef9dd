// Search that ignores Vietnamese accents and case: what a user types finds what was registered.
import { describe, expect, it } from "vitest";
import { searchTextOf } from "../../server/domain/search-text.ts";

describe("accent- and case-insensitive search text", () => {
  it("drops the tone and vowel marks of Vietnamese", () => {
    expect(searchTextOf("Công ty Cổ phần Hưng Thịnh")).toBe("cong ty co phan hung thinh");
    expect(searchTextOf("Hợp tác xã Thủy sản Phúc Lộc")).toBe("hop tac xa thuy san phuc loc");
  });

  it("turns đ and Đ into d (they do not decompose in Unicode)", () => {
    expect(searchTextOf("Đại Việt")).toBe("dai viet");
    expect(searchTextOf("Huyện Đông Hải đường")).toBe("huyen dong hai duong");
  });

  it("finds text typed with or without accents, in any case, alike", () => {
    expect(searchTextOf("CÔNG TY ĐẠI PHÁT")).toBe(searchTextOf("cong ty dai phat"));
  });

  it("treats composed and decomposed input alike", () => {
    const composed = "Thành Công".normalize("NFC");
    const decomposed = "Thành Công".normalize("NFD");
    expect(composed).not.toBe(decomposed);
    expect(searchTextOf(decomposed)).toBe(searchTextOf(composed));
  });

  it("joins name and tax code and collapses spaces", () => {
    expect(searchTextOf("  Bao bì   Nam Phong ", "3801234567")).toBe("bao bi nam phong 3801234567");
  });
});
