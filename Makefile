# `sam build` (template.yaml: MacroFunction, BuildMethod: makefile) runs this target in a copy of the
# repository: a clean install (whose `prepare` script runs `npm run build`), then the very bundle the tests
# check, dist/macro/index.js, goes to SAM's ARTIFACTS_DIR. NPM_CI can be overridden to reuse an install.
NPM_CI ?= npm ci --no-audit --no-fund

build-MacroFunction:
	$(NPM_CI)
	cp dist/macro/index.js "$(ARTIFACTS_DIR)/index.js"
