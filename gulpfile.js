// Copies node and credential icons (and codex files) next to the compiled JavaScript,
// where n8n looks for `file:` icons, and the language files the nodes read on first use.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'nodes/shared/languages/*.json', 'nodes/**/vectors/*', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
