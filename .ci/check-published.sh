#!/usr/bin/env bash
# Checks what `mvn deploy` wrote to a repository directory against what Maven Central asks of seqlog:
#   - each published jar module has its jar, a -sources.jar holding .java files, a -javadoc.jar holding
#     index.html (or the README.txt note of a module without types yet) and its .pom;
#   - the BOM and the parent have their .pom;
#   - every .pom has name and description, and url, licenses, scm and developers of its own or from
#     its parent's deployed .pom (as Maven reads them);
#   - the BOM has no parent and manages every published jar module and nothing else;
#   - the modules that are never published are absent.
# Usage: .ci/check-published.sh REPOSITORY_DIR
set -euo pipefail

repo=${1:?usage: $0 REPOSITORY_DIR}
group_dir=$repo/dev/seqlog
jar_modules="log-api log-core log-cold-s3 log-replication log-server log-client log-junit"
pom_modules="seqlog-parent seqlog-bom"
unpublished="log-test-support log-bench"
own_elements="project/name project/description"
inherited_elements="project/url project/licenses/license/name project/licenses/license/url
  project/scm/connection project/scm/developerConnection project/scm/url project/developers/developer/name"

problems=0
problem() { echo "PROBLEM $1"; problems=$((problems + 1)); }

# Every element of an XML file as one line: its path from the root, a space, and its text if it has any
# ("project/scm/url https://..."). Comments and the XML declaration are skipped.
elements() {
  awk 'BEGIN { RS = "<"; depth = 0 }
    in_comment { if (index($0, "-->")) in_comment = 0; next }
    /^!--/ { if (!index($0, "-->")) in_comment = 1; next }
    /^[?!]/ || $0 == "" { next }
    /^\// { depth--; next }
    {
      tag = substr($0, 1, index($0, ">"))
      name = tag; sub(/[ \t\r\n\/>].*/, "", name)
      text = substr($0, length(tag) + 1); gsub(/^[ \t\r\n]+|[ \t\r\n]+$/, "", text)
      at[depth] = name; path = at[0]
      for (i = 1; i <= depth; i++) path = path "/" at[i]
      print path " " text
      if (tag !~ /\/>$/) depth++
    }' "$1"
}

# The newest deployed file of artifact $1 ending in $2 (".pom", ".jar", "-sources.jar"), snapshot or release.
deployed() {
  local dir=$group_dir/$1/$version suffix=${2//./\\.}
  [ -n "$1" ] && [ -d "$dir" ] || return 0
  ls -1 "$dir" | { grep -E "^$1-${version%-SNAPSHOT}(-[0-9]{8}\.[0-9]{6}-[0-9]+)?$suffix\$" || true; } \
    | sort -V | tail -1 | sed "s|^|$dir/|"
}

# The artifactId of a pom's parent, if it has one.
parent_of() { elements "$1" | sed -n 's|^project/parent/artifactId ||p'; }

# The element lines a pom shows a reader: its own, plus what it inherits from its deployed parents.
effective_elements() {
  local parent_pom
  elements "$1"
  parent_pom=$(deployed "$(parent_of "$1")" .pom)
  if [ -n "$parent_pom" ]; then
    effective_elements "$parent_pom" | grep -E '^project/(url|licenses|scm|developers)[/ ]' || true
  fi
}

check_pom() {
  local artifact=$1 pom parent found element
  pom=$(deployed "$artifact" .pom)
  if [ -z "$pom" ]; then problem "$artifact: no .pom"; return; fi
  parent=$(parent_of "$pom")
  if [ -n "$parent" ] && [ -z "$(deployed "$parent" .pom)" ]; then problem "$artifact: its parent $parent is not deployed"; fi
  found=$(effective_elements "$pom")
  for element in $own_elements $inherited_elements; do
    grep -qE "^$element [^ ]" <<<"$found" || problem "$artifact: no <${element#project/}> in its pom or its parent's"
  done
}

parent_versions=$(ls -1 "$group_dir/seqlog-parent" 2>/dev/null | grep -v '^maven-metadata' || true)
if [ "$(wc -w <<<"$parent_versions")" != 1 ]; then
  echo "expected one deployed version of seqlog-parent under $group_dir, found: ${parent_versions:-none}" >&2
  exit 1
fi
version=$parent_versions
echo "checking seqlog $version in $repo"

for artifact in $jar_modules; do
  jar=$(deployed "$artifact" .jar)
  sources=$(deployed "$artifact" -sources.jar)
  javadoc=$(deployed "$artifact" -javadoc.jar)
  [ -n "$jar" ] || problem "$artifact: no jar"
  sources_list=$( [ -z "$sources" ] || jar tf "$sources")
  javadoc_list=$( [ -z "$javadoc" ] || jar tf "$javadoc")
  if [ -z "$sources" ]; then problem "$artifact: no -sources.jar"
  elif ! grep -q '\.java$' <<<"$sources_list"; then problem "$artifact: no .java file in its -sources.jar"; fi
  javadoc_kind=none
  if [ -z "$javadoc" ]; then problem "$artifact: no -javadoc.jar"
  elif grep -qx 'index\.html' <<<"$javadoc_list"; then javadoc_kind="API docs"
  elif grep -qx 'README\.txt' <<<"$javadoc_list"; then javadoc_kind="a note: no types yet"
  else problem "$artifact: no index.html (nor README.txt note) in its -javadoc.jar"; fi
  check_pom "$artifact"
  echo "  $artifact: jar, sources ($(grep -c '\.java$' <<<"$sources_list" || true) .java), javadoc ($javadoc_kind), pom"
done

for artifact in $pom_modules; do
  check_pom "$artifact"
  echo "  $artifact: pom"
done

bom=$(deployed seqlog-bom .pom)
bom_elements=$( [ -z "$bom" ] || elements "$bom")
for artifact in $jar_modules; do
  if ! grep -qx "project/dependencyManagement/dependencies/dependency/artifactId $artifact" <<<"$bom_elements"; then
    problem "seqlog-bom: does not manage $artifact"
  fi
done

if grep -q '^project/parent' <<<"$bom_elements"; then
  problem "seqlog-bom: has a <parent>, whose dependencyManagement importers would get too"
fi
managed_groups=$(sed -n 's|^project/dependencyManagement/dependencies/dependency/groupId ||p' <<<"$bom_elements")
if [ -n "$managed_groups" ] && grep -qvx 'dev\.seqlog' <<<"$managed_groups"; then
  problem "seqlog-bom: manages artifacts outside dev.seqlog"
fi

for artifact in $unpublished; do
  if [ -e "$group_dir/$artifact" ]; then problem "$artifact: deployed, but it is never to be published"; fi
done

if [ "$problems" -gt 0 ]; then
  echo "published artifacts: $problems problem(s)" >&2
  exit 1
fi
echo "published artifacts: all $(wc -w <<<"$jar_modules $pom_modules") complete (jar, sources, javadoc, pom metadata)"
