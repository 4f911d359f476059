import ts from 'typescript';
const root = process.cwd() + '/';
const program = ts.createProgram([root + 'src/index.ts'], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, types: ['node'], noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();
const mod = checker.getSymbolAtLocation(program.getSourceFile(root + 'src/index.ts'));
for (const sym of checker.getExportsOfModule(mod)) {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
  if (doc) continue;
  const decl = target.declarations[0];
  const sf = decl.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(decl.getStart());
  console.log(`${sf.fileName.replace(root, '')}:${line + 1}: ${sf.text.split('\n')[line].slice(0, 150)}`);
}
