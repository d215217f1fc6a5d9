"""Write the notification sounds shipped with the app (ui/resources/sounds/*.wav).

    .venv/bin/python scripts/make_sounds.py

Synthesised here, so their origin and licence are ours: short, soft, 16-bit mono WAVs that
every platform's player reads. The names are services.settings.SOUNDS.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "tiflux_desktop/ui/resources/sounds"


def tone(
    freqs: list[tuple[float, float]], seconds: float, decay: float, start: float = 0.0
) -> list[float]:
    """(frequency, amplitude) partials with an exponential decay, starting at ``start``."""
    n = int(seconds * RATE)
    offset = int(start * RATE)
    samples = [0.0] * (n + offset)
    for i in range(n):
        t = i / RATE
        envelope = math.exp(-decay * t) * min(1.0, t / 0.005)  # 5 ms attack: no click
        samples[offset + i] = envelope * sum(a * math.sin(2 * math.pi * f * t) for f, a in freqs)
    return samples


def mix(*parts: list[float]) -> list[float]:
    out = [0.0] * max(len(p) for p in parts)
    for part in parts:
        for i, v in enumerate(part):
            out[i] += v
    return out


def write(name: str, samples: list[float], volume: float = 0.5) -> None:
    peak = max(abs(s) for s in samples) or 1.0
    frames = b"".join(struct.pack("<h", int(32767 * volume * s / peak)) for s in samples)
    with wave.open(str(OUT / f"{name}.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Two rising notes, like a doorbell heard from the next room.
    write(
        "chime",
        mix(
            tone([(880.0, 1.0), (1760.0, 0.2)], 0.35, 9.0),
            tone([(1318.5, 1.0), (2637.0, 0.2)], 0.55, 7.0, start=0.14),
        ),
    )
    # A small bell: inharmonic partials, a longer tail.
    write("bell", tone([(1046.5, 1.0), (2717.0, 0.45), (4186.0, 0.2)], 0.9, 5.0))
    # A short, low pop.
    write("pop", tone([(440.0, 1.0), (660.0, 0.3)], 0.12, 30.0), volume=0.6)


if __name__ == "__main__":
    main()
