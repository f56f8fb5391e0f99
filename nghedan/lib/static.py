"""Static files: hashed names for production, plain names before `collectstatic`.

`nghedan serve` collects the static files into VAR_DIR/static with a content hash in each
name and gzip copies beside them (WhiteNoise's CompressedManifestStaticFilesStorage), so
browsers may keep them for a year. Before any collection (the development server, the
test suite) there is no manifest: the pages name the files as they are, and WhiteNoise
serves them from the apps' folders (WHITENOISE_USE_FINDERS).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        """The hashed name from the manifest; the plain name when the manifest does not
        list the file (not collected yet)."""
        try:
            return super().stored_name(name)
        except ValueError:
            return name
