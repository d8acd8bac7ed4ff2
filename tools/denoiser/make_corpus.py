#!/usr/bin/env python3
"""Synthetic training speech for the built-in speech denoiser: espeak-ng sentences at 16 kHz.

Sentences come from a small grammar; voices are espeak-ng languages and variants that the evaluation set of
tests/Augment.Audio.Tests/Denoise does not use (it speaks en-us and en-gb voices), so the evaluation stays held out.
Writes corpus.npz: 'speech' (object array of float32 utterances, peak 0.5) and 'babble' (a separate pool of
utterances used only to build babble noise).
"""
import os, random, subprocess, sys, tempfile
import numpy as np
from concurrent.futures import ThreadPoolExecutor

RATE = 16000
LANGS = ["en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
         "de", "fr-fr", "es", "it", "nl", "pl", "pt", "sv", "da", "cs", "fi", "hu", "ro", "tr", "id", "af"]
VARIANTS = ["", "+m1", "+m2", "+m4", "+m6", "+m8", "+f1", "+f5", "+Andy", "+Annie", "+Alicia", "+Alex",
            "+Denis", "+Gene", "+Lee", "+Linda", "+Michael", "+Paul", "+Steph", "+Storm", "+Zac", "+anika",
            "+david", "+edward", "+grandma", "+grandpa", "+klatt", "+klatt2", "+klatt3", "+klatt4", "+norbert",
            "+shelby", "+travis", "+victor", "+iven", "+john", "+max", "+mike", "+rob", "+robert"]

SUBJECTS = ["the old man", "my sister", "a small dog", "the driver", "our neighbour", "the teacher", "everyone",
            "the young woman", "his brother", "the waiter", "a tall stranger", "the children", "the pilot",
            "my friend Anna", "the farmer", "a quiet student", "the doctor", "the band", "her uncle", "the captain"]
VERBS = ["walked to", "painted", "forgot about", "looked at", "carried", "ordered", "cleaned", "opened",
         "talked about", "visited", "repaired", "found", "bought", "sold", "lost", "remembered", "watched",
         "photographed", "measured", "described"]
OBJECTS = ["the green bicycle", "a wooden table", "the station", "seven yellow apples", "the harbour", "a letter",
           "the broken window", "an orange umbrella", "the museum", "two heavy boxes", "the garden gate",
           "a warm blanket", "the tiny kitchen", "the red telephone", "a map of the city", "the silver car",
           "twelve glasses", "the northern bridge", "a loud radio", "the empty bottle"]
TAILS = ["yesterday", "before lunch", "in the rain", "after the concert", "on Monday morning", "very slowly",
         "without a word", "at midnight", "twice", "with great care", "last summer", "near the square",
         "during the storm", "for an hour", "", "", ""]
QUESTIONS = ["Why did {s} leave so early", "Where is {o}", "Have you seen {o}", "Can {s} come tomorrow",
             "How much did {o} cost", "When will {s} arrive"]


def sentence(rng):
    if rng.random() < 0.2:
        q = rng.choice(QUESTIONS)
        return q.format(s=rng.choice(SUBJECTS), o=rng.choice(OBJECTS)) + "?"
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    if rng.random() < 0.35:
        parts += ["and then", rng.choice(VERBS), rng.choice(OBJECTS)]
    text = " ".join(p for p in parts if p)
    return text[0].upper() + text[1:] + "."


def speak(args):
    text, voice, speed, pitch = args
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "a.wav")
        out = os.path.join(tmp, "b.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["sox", raw, "-r", str(RATE), "-b", "32", "-e", "floating-point", out, "rate", "-v"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out, "rb") as f:
            data = f.read()
    # float32 WAV written by sox: find the data chunk.
    at = data.find(b"data") + 8
    x = np.frombuffer(data[at:], dtype="<f4").astype(np.float32)
    x = np.trim_zeros(x) if x.size else x
    peak = np.abs(x).max() if x.size else 0
    return x * (0.5 / peak) if peak > 0 else x


def batch(rng, n):
    jobs = []
    for _ in range(n):
        text = sentence(rng) if rng.random() < 0.6 else sentence(rng) + " " + sentence(rng)
        voice = rng.choice(LANGS) + rng.choice(VARIANTS)
        jobs.append((text, voice, rng.randint(120, 200), rng.randint(25, 75)))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return [x for x in pool.map(speak, jobs) if x.size > RATE // 2]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "corpus.npz"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 700
    rng = random.Random(2026)
    speech = batch(rng, count)
    babble = batch(rng, count // 3)
    np.savez(out, speech=np.array(speech, dtype=object), babble=np.array(babble, dtype=object))
    total = sum(x.size for x in speech) / RATE
    print(f"{len(speech)} utterances, {total / 60:.1f} min; babble pool {len(babble)}")


if __name__ == "__main__":
    main()
