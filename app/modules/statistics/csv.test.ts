import { describe, expect, test } from "vitest";
import { csvDocument, csvField } from "./csv";

describe("CSV fields", () => {
  test("RFC 4180: commas, quotes and line breaks are quoted, quotes doubled", () => {
    expect(csvField("Đắk Mil")).toBe("Đắk Mil");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('HTX "Đồi chè"')).toBe('"HTX ""Đồi chè"""');
    expect(csvField("dòng 1\r\ndòng 2")).toBe('"dòng 1\r\ndòng 2"');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvField(null)).toBe("");
    expect(csvField("")).toBe("");
  });

  test("text a spreadsheet would run as a formula gets an apostrophe; numbers stay numbers", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+84 912")).toBe("'+84 912");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(3)).toBe("3");
    expect(csvField(Number.NaN)).toBe("");
  });

  test("a document: BOM, CRLF after every line", () => {
    expect(
      csvDocument([
        ["Mục", "Giá trị"],
        ["Chủ thể", 3],
      ]),
    ).toBe("\uFEFFMục,Giá trị\r\nChủ thể,3\r\n");
  });
});
