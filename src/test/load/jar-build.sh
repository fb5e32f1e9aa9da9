# The build a jar was made from, for the load scripts' last line (sourced by intake-load.sh and welcome-load.sh):
# jar_build JAR prints the commit the build wrote into it (git.properties, see README "Which build runs"),
# "(modified tree)" when it was built from uncommitted changes, "?" for a jar without it.
jar_build() {
  python3 - "$1" << 'PY'
import sys, zipfile
try:
    with zipfile.ZipFile(sys.argv[1]) as jar:
        lines = jar.read("BOOT-INF/classes/git.properties").decode("utf-8").splitlines()
except (OSError, KeyError, zipfile.BadZipFile):
    print("?")
    sys.exit(0)
facts = dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
print(facts.get("git.commit.id.abbrev", "?") + (" (modified tree)" if facts.get("git.dirty") == "true" else ""))
PY
}
