// Prints every `any` type annotation in the .ts files given (found by the TypeScript parser,
// so words in comments and strings do not count): "file:line: text", one per line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.TOOLING + "/package.json");
const ts = require("typescript");
for (const file of process.argv.slice(2)) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      console.log(`${file}:${line + 1}: ${node.parent.getText().slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
