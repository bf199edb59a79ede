import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The server code's import graph, drawn floor by floor (see docs/architecture.md): the platform at
 * the bottom, the modules above it, the composition (start-up, HTTP adapters, routes, scripts) on
 * top. Import lines are read with a regular expression, which is enough for this code base: every
 * import is a static `import … from '…'` or `export … from '…'` with a relative or `$lib` path.
 */

export type Floor = 'platform' | 'module' | 'composition' | 'outside';

export interface Edge {
	from: string;
	to: string;
}

const root = resolve(import.meta.dirname, '..');
const server = 'src/lib/server/';

/** Directories under src/lib/server that are not modules: the platform, and the composition's own. */
const notModules = new Set(['platform', 'http', 'demo']);

/** The floor of a file (a path relative to the repository) and, for a module, its name. */
export function floorOf(file: string): { floor: Floor; unit: string } {
	if (file.startsWith(server)) {
		const rest = file.slice(server.length);
		const slash = rest.indexOf('/');
		if (slash < 0) return { floor: 'composition', unit: 'composition' };
		const dir = rest.slice(0, slash);
		if (dir === 'platform') return { floor: 'platform', unit: 'platform' };
		if (notModules.has(dir)) return { floor: 'composition', unit: 'composition' };
		return { floor: 'module', unit: dir };
	}
	if (file.startsWith('src/routes/') || file.startsWith('src/hooks') || file.startsWith('scripts/'))
		return { floor: 'composition', unit: 'composition' };
	return { floor: 'outside', unit: 'outside' };
}

const rank: Record<Floor, number> = { platform: 0, module: 1, composition: 2, outside: -1 };

function walk(dir: string, out: string[]): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			if (name !== 'node_modules' && name !== 'fixtures') walk(path, out);
		} else if (/\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
	}
	return out;
}

const importLine = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g;

function resolveImport(fromFile: string, spec: string): string | null {
	let target: string;
	if (spec.startsWith('$lib/')) target = join(root, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) target = resolve(dirname(fromFile), spec);
	else return null;
	for (const candidate of [target, `${target}.ts`, join(target, 'index.ts')])
		if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
	return null;
}

/** Every import between files of the application's own code (tests left out). */
export function importGraph(): Edge[] {
	const files = [...walk(join(root, 'src'), []), ...walk(join(root, 'scripts'), [])];
	const edges: Edge[] = [];
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(importLine)) {
			const to = resolveImport(file, match[1]);
			if (to) edges.push({ from: relative(root, file), to });
		}
	}
	return edges;
}

/** Imports that go up a floor: the platform importing a module or the composition, a module the composition. */
export function upwardImports(edges: Edge[]): Edge[] {
	return edges.filter((edge) => {
		const from = floorOf(edge.from).floor;
		const to = floorOf(edge.to).floor;
		return rank[from] >= 0 && rank[to] > rank[from];
	});
}

/**
 * Cycles between units (the platform, each module, the composition): the strongly connected
 * components with more than one unit, found with Tarjan's algorithm.
 */
export function unitCycles(edges: Edge[]): string[][] {
	const next = new Map<string, Set<string>>();
	for (const edge of edges) {
		const from = floorOf(edge.from).unit;
		const to = floorOf(edge.to).unit;
		if (from === to || from === 'outside' || to === 'outside') continue;
		if (!next.has(from)) next.set(from, new Set());
		next.get(from)!.add(to);
	}
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	let counter = 0;
	const visit = (unit: string) => {
		index.set(unit, counter);
		low.set(unit, counter);
		counter++;
		stack.push(unit);
		onStack.add(unit);
		for (const to of next.get(unit) ?? []) {
			if (!index.has(to)) {
				visit(to);
				low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
			} else if (onStack.has(to)) low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
		}
		if (low.get(unit) === index.get(unit)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== unit);
			if (component.length > 1) components.push(component.sort());
		}
	};
	for (const unit of next.keys()) if (!index.has(unit)) visit(unit);
	return components;
}

/** Imports from one module into another. */
export function crossModuleImports(edges: Edge[]): Edge[] {
	return edges.filter((edge) => {
		const from = floorOf(edge.from);
		const to = floorOf(edge.to);
		return from.floor === 'module' && to.floor === 'module' && from.unit !== to.unit;
	});
}
