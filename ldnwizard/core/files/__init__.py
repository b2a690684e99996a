"""Files on disk: safe reading of TOML, atomic private writes, the kiosk's spool."""
