import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectFixtureFiles } from "./files";
import { runFixtureFile } from "./runner";
import { casePassed, formatCaseLine } from "./report";

// External fixtures (../shared/fixtures, see its README): never copied into the repository.
const FIXTURES = path.resolve(process.cwd(), "../shared/fixtures");
const present = existsSync(FIXTURES);
if (!present) console.log(`skipped: fixtures not found at ${FIXTURES}`);

const files = present ? collectFixtureFiles([FIXTURES]).files : [];
const reports = files.map((f) => runFixtureFile(f)).flatMap((o) => (o.kind === "unrecognised" ? [] : o.reports));

describe.skipIf(!present)("conformance against ../shared/fixtures", () => {
  it("finds the 70 Derive PM2 cases and the 14 SRM cases (fixtures README)", () => {
    expect(reports.filter((r) => r.kind === "derive-pm2")).toHaveLength(70);
    expect(reports.filter((r) => r.kind === "derive-srm")).toHaveLength(14);
  });

  describe("Derive PM2 (IM, MM, every scenario loss, worst scenarios, contingencies, MtM split, discounts, vol shocks)", () => {
    for (const r of reports.filter((x) => x.kind === "derive-pm2")) {
      it(r.name, () => {
        expect(casePassed(r), formatCaseLine(r)).toBe(true);
        expect(r.checked).toBeGreaterThan(100);
      });
    }
  });

  describe("Derive standard manager (IM, MM, option margins isolated/bounded, MtM, contingencies)", () => {
    for (const r of reports.filter((x) => x.kind === "derive-srm")) {
      it(r.name, () => {
        expect(casePassed(r), formatCaseLine(r)).toBe(true);
      });
    }
  });
});
