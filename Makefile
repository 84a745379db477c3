# The two set-up commands of the README, and their parts.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-test chromium node-tools postgresql nginx catalogs catalogs-compile

run: install            ## serve the apps on the embedded SQLite database, plan loaded
	workbench serve

test: install-test chromium node-tools postgresql nginx   ## install what the tests need, then run every test
	$(PYTHON) -m pytest

install:
	$(PYTHON) -m pip install -e .

install-test:
	$(PYTHON) -m pip install -e '.[test]'

node-tools:             ## axe-core for the accessibility checks (package.json, npm registry)
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund

postgresql:             ## Debian's PostgreSQL server programs: the store tests also run on a throwaway cluster
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; }

nginx:                  ## Debian's nginx: the browser test of `serve --workers` runs two servers behind it
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y nginx; }

chromium:               ## Debian's Chromium for the browser tests (never `playwright install`)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

LOCALES := workbench/locales
LANGUAGES := en sw es fr pt

catalogs:               ## extract the UI strings and update every language's catalog
	pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o $(LOCALES)/workbench.pot .
	@test "$$(grep -c '^msgid' $(LOCALES)/workbench.pot)" -gt 50 || { echo "extraction found (almost) no strings: catalogs left unchanged"; exit 1; }
	@for lang in $(LANGUAGES); do \
	  if [ -f $(LOCALES)/$$lang/LC_MESSAGES/workbench.po ]; then \
	    pybabel update --no-fuzzy-matching --ignore-obsolete -D workbench -i $(LOCALES)/workbench.pot -d $(LOCALES) -l $$lang; \
	  else \
	    pybabel init -D workbench -i $(LOCALES)/workbench.pot -d $(LOCALES) -l $$lang; \
	  fi; \
	done
	$(PYTHON) -c "$$ENGLISH_CATALOG"

# The source strings are English: the English catalog translates each string to itself.
define ENGLISH_CATALOG
from babel.messages.pofile import read_po, write_po
path = '$(LOCALES)/en/LC_MESSAGES/workbench.po'
catalog = read_po(open(path, 'rb'), locale='en')
for message in catalog:
    if message.id and not message.string or message.id and message.string == ('', ''):
        message.string = message.id
write_po(open(path, 'wb'), catalog, omit_header=False, sort_output=True, ignore_obsolete=True)
endef
export ENGLISH_CATALOG

catalogs-compile:       ## compile every catalog (.po) to the .mo files the apps read
	pybabel compile --statistics -D workbench -d $(LOCALES)
