# Sourced by the side-by-side scripts: stops with a hint when the jars they run have not been built.

# require_jars JAR...: every JAR must exist (paths from the repository root, the caller's working directory).
require_jars() {
  local missing=0 jar
  for jar in "$@"; do
    if [[ ! -f "$jar" ]]; then
      echo "missing $jar" >&2
      missing=1
    fi
  done
  if (( missing )); then
    echo "build the jars first, from the repository root: mvn -B -DskipTests package" >&2
    exit 2
  fi
}
