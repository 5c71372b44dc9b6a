import { describe, expect, it } from "vitest";
import { toEpcisQuantity } from "./uom";

describe("toEpcisQuantity", () => {
  it("maps measures to UN/CEFACT Rec 20 codes, in either language", () => {
    expect(toEpcisQuantity(5, "kg")).toEqual({ quantity: 5, uom: "KGM" });
    expect(toEpcisQuantity(5, " Kg ")).toEqual({ quantity: 5, uom: "KGM" });
    expect(toEpcisQuantity(2, "tấn")).toEqual({ quantity: 2, uom: "TNE" });
    expect(toEpcisQuantity(1.5, "lít")).toEqual({ quantity: 1.5, uom: "LTR" });
    expect(toEpcisQuantity(500, "g")).toEqual({ quantity: 500, uom: "GRM" });
  });

  it("converts yến and tạ to kilograms", () => {
    expect(toEpcisQuantity(3, "yến")).toEqual({ quantity: 30, uom: "KGM" });
    expect(toEpcisQuantity(12, "tạ")).toEqual({ quantity: 1200, uom: "KGM" });
  });

  it("recognises decomposed Vietnamese input (NFD)", () => {
    expect(toEpcisQuantity(12, "tạ".normalize("NFD"))).toEqual({ quantity: 1200, uom: "KGM" });
  });

  it("leaves counts without uom and passes Rec 20 codes through", () => {
    expect(toEpcisQuantity(120, "hộp")).toEqual({ quantity: 120 });
    expect(toEpcisQuantity(7, null)).toEqual({ quantity: 7 });
    expect(toEpcisQuantity(3, "HAR")).toEqual({ quantity: 3, uom: "HAR" });
  });

  it("returns null for a unit it does not know", () => {
    expect(toEpcisQuantity(3, "sọt")).toBeNull();
  });
});
