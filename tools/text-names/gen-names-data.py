#!/usr/bin/env python3
"""Compiles tools/text-names/{given-names,surnames}.txt into engine/veil-text-names-data.c.

    python3 tools/text-names/gen-names-data.py [--dict /usr/share/dict/british-english]

Run from the repository root after editing a list; commit the generated file (the build does
not run this). Each name is folded the way the engine folds words (upper case, accents and
apostrophes removed) to drop repeats. Particles ("van", "bin", "Ó") are left to the engine's
particle list, and names under three letters are dropped: a two-letter "name" ("He", "To",
"Na", "Li") is far more often a word, an element or an abbreviation in a report.

A name that is also an ordinary English word - a lower-case entry of the word list (Debian's
wbritish package) or of EXTRA_WORDS below - is written with a trailing '*': the engine then
takes it as a name only in a name's context ("Mr Hope", never "hope" or "Hope is ..."). Names
that are also clinical words or eponyms are marked by the engine itself (veil-text-lexicon.c),
because those lists live there.
"""
import argparse
import os
import sys
import unicodedata

PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
             "le", "la", "el", "al", "bin", "ibn", "bint", "ap", "ab", "mac", "ó", "o", "ní",
             "ni", "nic", "mhic", "ui", "ua", "dela", "ter", "ten", "st"}

# Words the dictionary spells with a capital but that a report uses as words: languages,
# nationalities, places, months that are also names.
EXTRA_WORDS = {"english", "french", "cheshire", "brighton", "kent", "holland", "bolton",
               "preston", "bromley", "ashanti", "lancaster", "chester", "derby", "london",
               "york", "wales", "ireland", "scotland", "jersey", "india", "china", "may",
               "june", "august", "april", "july", "summer", "winter", "sunday", "christian",
               "junior", "major", "neo", "ram", "min", "max", "sat", "tue", "wed", "thu",
               "sun", "mon", "fri", "thu", "ana", "nur", "ren", "kai", "hai", "lok", "bos", "pop",
               "sow", "fall", "pal", "sen", "dey", "das", "son", "cha", "kan", "mak", "gao",
               "pun", "rai", "lal", "dar", "han", "nam", "cho", "yoo", "joo", "noh", "ryu",
               "jeon", "lam", "tam", "tan", "lim", "ang", "ong", "goh", "tay", "teo", "yeo"}

# Names far more often met as names than as the word the list also has ("john", "smith").
NAMES_FIRST = {"john", "peter", "martin", "harry", "jack", "roger", "sally", "bobby", "billy",
               "dean", "amir", "maria", "smith", "khan", "shah", "roman", "chow", "sheikh",
               "raja", "butler", "turner", "walker", "baker", "cooper", "fisher", "hunter",
               "carpenter", "porter", "potter", "shepherd", "bishop", "wright", "miller",
               "mason", "parsons", "rogers", "sanders", "warren", "woods", "wells", "watts",
               "peters", "martins", "lopes", "pinto", "weir", "hogan", "madden", "toner",
               "chandler", "chambers", "collier", "davenport", "fielding", "gibbons", "hicks",
               "hinds", "holder", "lees", "miles", "mills", "price", "reeves", "sims", "storey",
               "tucker", "welch", "wheeler", "bowman", "bowers", "booth", "burrows", "cairns",
               "cox", "deacon", "dyer", "fuller", "garner", "gates", "hale", "hardy", "hart",
               "hull", "leach", "parry", "reed", "read", "bullock", "barker", "barber", "banks",
               "bates", "berry", "archer", "drake", "finch", "foster", "freeman", "griffin",
               "lynch", "marsh", "newton", "peacock", "pope", "savage", "stone"}

def fold(word):
    nfd = unicodedata.normalize("NFD", word)
    return "".join(c for c in nfd if not unicodedata.combining(c) and c not in "'’‘").upper()

def read_names(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            for word in line.split():
                if word.lower() in PARTICLES or len(fold(word)) < 3:
                    continue
                names.append(word)
    return names

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dict", default="/usr/share/dict/british-english")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    if not os.path.exists(args.dict):
        sys.exit(f"{args.dict}: no word list (apt-get install wbritish)")
    words = set(EXTRA_WORDS)
    with open(args.dict, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w and w[0].islower() and "'" not in w:
                words.add(w.lower())

    out = []
    total = 0
    for var, src in (("veil_text_names_data_given", "given-names.txt"),
                     ("veil_text_names_data_surnames", "surnames.txt")):
        seen = set()
        entries = []
        for name in read_names(os.path.join(here, src)):
            key = fold(name)
            if key in seen:
                continue
            seen.add(key)
            plain = unicodedata.normalize("NFD", name)
            plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
            is_word = (plain in words or plain.replace("'", "") in words) and plain not in NAMES_FIRST
            entries.append(name + ("*" if is_word else ""))
        total += len(entries)
        out.append(f"/* {len(entries)} names from tools/text-names/{src} */\n")
        out.append(f"const char {var}[] =\n")
        line = ""
        for e in entries:
            if len(line) + len(e) + 1 > 90:
                out.append(f'  "{line}"\n')
                line = ""
            line += e + " "
        out.append(f'  "{line}";\n\n')

    header = ("/* veil-text-names-data.c: GENERATED by tools/text-names/gen-names-data.py from the\n"
              " * project's own name lists (tools/text-names/, given-names.txt and surnames.txt, written for Veil from general\n"
              " * knowledge of names in the UK's communities; nothing downloaded). Do not edit: edit the\n"
              " * lists and run the script. A trailing '*' marks a name that is also an English word\n"
              " * (Debian's wbritish list): a name only in a name's context. %d entries.\n */\n"
              "#include \"veil-text-names-data.h\"\n\n" % total)
    with open(os.path.join(root, "engine", "veil-text-names-data.c"), "w", encoding="utf-8") as f:
        f.write(header + "".join(out))
    print(f"{total} names written")

main()
