# Sourced by ./mvnw and ./fleet: exports JAVA_HOME pointing at a JDK of the major version the
# project builds with, preferring JAVA_HOME, then the default java, then any JDK under /usr/lib/jvm.
RIFF_JAVA_MAJOR=25

riff_java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

if [ -z "${JAVA_HOME:-}" ] || [ "$(riff_java_major "$JAVA_HOME/bin/java")" != "$RIFF_JAVA_MAJOR" ]; then
  if command -v java >/dev/null && [ "$(riff_java_major java)" = "$RIFF_JAVA_MAJOR" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  else
    JAVA_HOME=""
    for candidate in /usr/lib/jvm/*; do
      if [ -x "$candidate/bin/java" ] && [ "$(riff_java_major "$candidate/bin/java")" = "$RIFF_JAVA_MAJOR" ]; then
        JAVA_HOME=$candidate
        break
      fi
    done
    if [ -z "$JAVA_HOME" ]; then
      echo "no JDK $RIFF_JAVA_MAJOR found: install one (for example Temurin $RIFF_JAVA_MAJOR under /usr/lib/jvm) or set JAVA_HOME" >&2
      exit 1
    fi
  fi
fi
export JAVA_HOME
