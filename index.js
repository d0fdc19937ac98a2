// n8n loads this package through the "n8n" block in package.json; nothing to export here.
module.exports = {};
