#!/bin/sh
# Validates every XML file under force-app against a Metadata API XML schema with xmllint.
# CI passes the shared lenient v53 schema:
#   scripts/validate-metadata-xsd.sh ../shared/salesforce/metadata-53-lenient.xsd
# Usage: scripts/validate-metadata-xsd.sh SCHEMA.xsd [DIRECTORY, default force-app]
set -eu

xsd=${1:?usage: scripts/validate-metadata-xsd.sh SCHEMA.xsd [DIRECTORY]}
dir=${2:-force-app}
[ -f "$xsd" ] || { echo "validate-metadata-xsd: no schema at $xsd" >&2; exit 2; }
[ -d "$dir" ] || { echo "validate-metadata-xsd: no directory $dir" >&2; exit 2; }
command -v xmllint >/dev/null 2>&1 || {
  echo "validate-metadata-xsd: xmllint not found; install it (Debian/Ubuntu: apt-get install libxml2-utils)" >&2
  exit 2
}

xsd=$(cd "$(dirname "$xsd")" && pwd)/$(basename "$xsd")
count=$(find "$dir" -name '*.xml' | wc -l | tr -d ' ')
# The Metadata API types a component bundle's <targetConfigs> as a string that the org parses
# itself, so the schema cannot hold the XML inside it: the files are validated from a copy with
# that content emptied (test/metadata/page-rules.ts checks what is inside).
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -R "$dir/." "$copy/"
# The schema declares root elements for the commonest types only; for the other types force-app
# uses, a wrapper schema adds the root declaration of the type the schema already defines.
wrapper="$copy/.schema.xsd"
{
  printf '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://soap.sforce.com/2006/04/metadata" targetNamespace="http://soap.sforce.com/2006/04/metadata" elementFormDefault="qualified">\n'
  printf '<xsd:include schemaLocation="%s"/>\n' "$xsd"
  for type in Group SharingRules; do
    grep -q "<xsd:element name=\"$type\" type=" "$xsd" || printf '<xsd:element name="%s" type="tns:%s"/>\n' "$type" "$type"
  done
  printf '</xsd:schema>\n'
} >"$wrapper"
find "$copy" -name '*.js-meta.xml' -exec perl -0pi -e 's{<targetConfigs>.*?</targetConfigs>}{<targetConfigs></targetConfigs>}gs' {} +
# One xmllint run for all files: the schema is parsed once. xmllint reports "FILE validates"
# for each good file; only the failures are shown, under their names in $dir.
status=0
output=$(cd "$copy" && find . -name '*.xml' -print0 | xargs -0 xmllint --noout --schema "$wrapper" 2>&1) || status=$?
printf '%s\n' "$output" | grep -v ' validates$' | sed "s#^\./#$dir/#" || true
if [ "$status" -ne 0 ]; then
  echo "validate-metadata-xsd: some of the $count XML files under $dir do not validate against $xsd" >&2
  exit 1
fi
echo "validate-metadata-xsd: all $count XML files under $dir validate against $xsd"
