#!/usr/bin/env python3
"""Generate the fake firmware of the phoneboot demo provisioning servers.

Run from anywhere:  python3 demo/make-firmware.py

Writes, deterministically (same bytes on every run and every machine):

  demo/                 the default server: every file passes its checks
    hb16xxdemo_r1_5.bin       boot code, shared by all 1600 models
    ha1603demo_r2_0.bin       application for 1603 / 1603-I / 1603SW / 1603SW-I
    ha1608demo_r2_0.bin       application for 1608 / 1608-I
    ha1616demo_r2_0.bin       application for 1616 / 1616-I
    <file>.sha256             sha256sum-format sidecar for each .bin
    SHA256SUMS                all of the above digests
    mlf_16xx_<language>.txt   language files named by 46xxsettings.txt's
                              LANGSYS/LANG1FILE (groups 1-3): Spanish,
                              French, German display text, UTF-8

  demo/broken/          the "corrupt firmware" server
    hb16xxdemo_r1_5.bin       same boot code as demo/ (valid)
    ha16NNdemo_r2_1.bin       release 2.1 applications whose bytes do NOT
                              match their published SHA-256 (a few bytes
                              flipped after the digest was taken, as if the
                              upload had been damaged); same size as intended
    <file>.sha256, SHA256SUMS the digests of the intended (undamaged) files
    16xxupgrade.txt           demo/16xxupgrade.txt with the r2_0 application
                              names changed to r2_1 and a banner added
    46xxsettings.txt,         byte-identical copies of the demo/ files
    group3.txt,
    mlf_16xx_<language>.txt

Each .bin starts with an ASCII header
  "PHONEBOOT DEMO FIRMWARE - NOT AVAYA SOFTWARE\\n<filename>\\n"
followed by pseudo-random bytes from SHA-256 in counter mode seeded with the
file name. These files are not Avaya software and contain nothing runnable.
The generated files are committed so the web build needs no Python.
"""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BROKEN = os.path.join(HERE, "broken")

HEADER = b"PHONEBOOT DEMO FIRMWARE - NOT AVAYA SOFTWARE\n"
SEED_PREFIX = b"phoneboot-demo-firmware-v1:"

BOOTCODE = ("hb16xxdemo_r1_5.bin", 56 * 1024)
GOOD_APPS = [
    ("ha1603demo_r2_0.bin", 120 * 1024),
    ("ha1608demo_r2_0.bin", 152 * 1024),
    ("ha1616demo_r2_0.bin", 174 * 1024),
]
BROKEN_APPS = [
    ("ha1603demo_r2_1.bin", 122 * 1024),
    ("ha1608demo_r2_1.bin", 154 * 1024),
    ("ha1616demo_r2_1.bin", 176 * 1024),
]
# Language files named by 46xxsettings.txt (LANGSYS, LANG1FILE): a header
# like the firmware's, then display text as "English=translation" lines.
# Not Avaya's language-file format: only their names and roles are real.
LANGUAGE_HEADER = "## PHONEBOOT DEMO LANGUAGE FILE - NOT AVAYA SOFTWARE\n"
ENGLISH = ["Restarting...", "Initializing", "Loading", "Starting...", "Login",
           "Enter Extension", "Enter Password", "System busy", "File not found",
           "Checksum error", "Saving to flash", "Updating..."]
LANGUAGES = {
    "spanish": ("Espa\u00f1ol", ["Reiniciando...", "Inicializando", "Cargando",
                "Iniciando...", "Inicio de sesi\u00f3n", "Introduzca la extensi\u00f3n",
                "Introduzca la contrase\u00f1a", "Sistema ocupado",
                "Archivo no encontrado", "Error de suma de control",
                "Guardando en flash", "Actualizando..."]),
    "french": ("Fran\u00e7ais", ["Red\u00e9marrage...", "Initialisation", "Chargement",
               "D\u00e9marrage...", "Connexion", "Entrez le poste",
               "Entrez le mot de passe", "Syst\u00e8me occup\u00e9",
               "Fichier introuvable", "Erreur de somme de contr\u00f4le",
               "Enregistrement en flash", "Mise \u00e0 jour..."]),
    "german": ("Deutsch", ["Neustart...", "Initialisierung", "Laden", "Starten...",
               "Anmelden", "Nebenstelle eingeben", "Kennwort eingeben",
               "System besetzt", "Datei nicht gefunden", "Pr\u00fcfsummenfehler",
               "Speichern im Flash", "Aktualisieren..."]),
}

# Offsets (from the end of the header) of the bytes flipped in broken files.
FLIP_OFFSETS = (1000, 20000, 40001)


def firmware_bytes(name, size):
    """Header plus seeded pseudo-random bytes, exactly `size` bytes long."""
    head = HEADER + name.encode("ascii") + b"\n"
    assert len(head) < size
    out = bytearray(head)
    seed = SEED_PREFIX + name.encode("ascii")
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    del out[size:]
    assert out[0:1] != b"<"
    return bytes(out), len(head)


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    kw = {} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"}
    with open(path, mode, **kw) as f:
        f.write(data)


def sum_line(digest, name):
    return f"{digest}  {name}\n"


def make_dir(directory, files, corrupt=()):
    """Write .bin files, their .sha256 sidecars and SHA256SUMS."""
    os.makedirs(directory, exist_ok=True)
    sums = []
    for name, size in files:
        data, head_len = firmware_bytes(name, size)
        digest = hashlib.sha256(data).hexdigest()
        if name in corrupt:
            damaged = bytearray(data)
            for off in FLIP_OFFSETS:
                damaged[head_len + off] ^= 0xFF
            data = bytes(damaged)
            assert hashlib.sha256(data).hexdigest() != digest
        write(os.path.join(directory, name), data)
        write(os.path.join(directory, name + ".sha256"), sum_line(digest, name))
        sums.append(sum_line(digest, name))
        state = "CORRUPT (digest mismatch)" if name in corrupt else "ok"
        rel = os.path.relpath(os.path.join(directory, name), os.path.dirname(HERE))
        print(f"{rel:40} {size:7d} bytes  {digest[:16]}...  {state}")
    write(os.path.join(directory, "SHA256SUMS"), "".join(sums))


BROKEN_BANNER = """\
############################################################
##                                                        ##
##  PHONEBOOT DEMO SERVER - "BROKEN" SCENARIO             ##
##                                                        ##
##  Same logic as the default demo server, but it offers  ##
##  Demo Release 2.1 application files whose bytes do     ##
##  not match their published SHA-256 digests (.sha256    ##
##  and SHA256SUMS). The boot code is the valid one.      ##
##  Generated by demo/make-firmware.py from               ##
##  demo/16xxupgrade.txt: do not edit by hand.            ##
##                                                        ##
############################################################
"""


def language_name(language):
    return f"mlf_16xx_{language}.txt"


def make_languages(directory):
    """Write the demo language files (UTF-8 text, LF line ends)."""
    for language, (native, words) in LANGUAGES.items():
        assert len(words) == len(ENGLISH), language
        name = language_name(language)
        lines = [LANGUAGE_HEADER,
                 f"## {name}: {native} display text for the phoneboot demo server.\n",
                 "## Generated by demo/make-firmware.py; not an Avaya language file.\n",
                 f"LANGUAGE={native}\n"]
        lines += [f"{en}={tr}\n" for en, tr in zip(ENGLISH, words)]
        write(os.path.join(directory, name), "".join(lines))
        rel = os.path.relpath(os.path.join(directory, name), os.path.dirname(HERE))
        print(f"{rel:40} language file")


def make_broken_scripts():
    with open(os.path.join(HERE, "16xxupgrade.txt"), encoding="utf-8") as f:
        text = f.read()
    for (good, _), (bad, _) in zip(GOOD_APPS, BROKEN_APPS):
        assert good in text, good
        text = text.replace(good, bad)
    text = text.replace("Demo Release 2.0", "Demo Release 2.1")
    write(os.path.join(BROKEN, "16xxupgrade.txt"), BROKEN_BANNER + text)
    for name in ("46xxsettings.txt", "group3.txt"):
        with open(os.path.join(HERE, name), "rb") as f:
            write(os.path.join(BROKEN, name), f.read())


def main():
    make_dir(HERE, [BOOTCODE] + GOOD_APPS)
    make_dir(BROKEN, [BOOTCODE] + BROKEN_APPS,
             corrupt={name for name, _ in BROKEN_APPS})
    make_languages(HERE)
    make_languages(BROKEN)
    make_broken_scripts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
