"""Writes samples/rewatch-rollouts.jsonl: GRPO-style rollouts (one per line, G = 4 per prompt) with
logged O&R components, totals and advantages, including the reward bugs the Inspector must catch.
Run: python3 scripts/make-sample-rollouts.py (the committed file is its output)."""
import json, math

def total(acc, obs, rea, fmt):
    return acc * (1 + obs + rea) + fmt

def advantages(totals, population=False):
    n = len(totals)
    mean = sum(totals) / n
    var = sum((t - mean) ** 2 for t in totals) / (n if population else n - 1)
    std = math.sqrt(var)
    if max(totals) - min(totals) <= 1e-12:
        return [0.0] * n
    return [round((t - mean) / (std + 1e-6), 4) for t in totals]

SQUARES = "videos/coloured-squares.mp4"
DOTS = "videos/counting-dots.mp4"
COLOURS = ["A: Red", "B: Green", "C: Blue", "D: Yellow"]

groups = [
    {
        "prompt_id": "p-green",
        "video": SQUARES,
        "question": "What colour is the square shown between 00:15 and 00:22?",
        "options": COLOURS,
        "answer": "B",
        "question_type": "Object Recognition",
        "rollouts": [
            ("<action>query the segment from 00:15 to 00:22, focusing on the square's colour</action>\n<observation>A green square is shown in the lower right.</observation> The square is green.\n<answer>B</answer>", (1, 1.0, 1, 1), None),
            ("<action>query the segment from 00:15 to 00:22</action>\n<observation>A purple square with a white star spins in the upper left.</observation> I will still go with green.\n<answer>B: Green</answer>", (1, 0.2, 0, 1), None),
            # Logged total summed without gating by r_acc: 0 + 0.4 + 0 + 1 = 1.4, the formula gives 1.
            ("<action>query the segment from 00:15 to 00:22</action>\n<observation>A red square is shown in the lower right.</observation> So it is red.\n<answer>A</answer>", (0, 0.4, 0, 1), 1.4),
            # The observation is never closed: r_fmt must be 0.
            ("<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square is shown in the lower right. So it is green.\n<answer>(B)</answer>", (1, 0.5, 1, 0), None),
        ],
    },
    {
        "prompt_id": "p-count",
        "video": DOTS,
        "question": "How many yellow squares are visible at 00:16?",
        "options": ["A: 1", "B: 2", "C: 3", "D: 4"],
        "answer": "C",
        "question_type": "Counting",
        "rollouts": [
            ("<action>query the segment from 00:15 to 00:19</action>\n<observation>Three yellow squares are visible in a row: left, centre and right.</observation> Three.\n<answer>C</answer>", (1, 1.0, 1, 1), None),
            ("<action>query the segment from 00:15 to 00:19, counting the squares</action>\n<observation>Three yellow squares in a row.</observation>\n<answer>C: 3</answer>", (1, 1.0, 1, 1), None),
            ("<action>retrieve segments where yellow squares are visible</action>\n<observation>Three yellow squares are visible from 00:15 to 00:19.</observation>\n<answer>C</answer>", (1, 1.0, 1, 1), None),
            ("<action>query the segment from 00:15 to 00:19</action>\n<observation>Three squares, all yellow, left to right.</observation>\n<answer><answer>C</answer></answer>", (1, 1.0, 1, 1), None),
        ],
    },
    {
        "prompt_id": "p-first",
        "video": SQUARES,
        "question": "Which coloured square appears first in the video?",
        "options": COLOURS,
        "answer": "A",
        "question_type": "Event Localization",
        "population_std": True,  # the logged advantages divide by the population std (N), not N - 1
        "rollouts": [
            ("<action>retrieve segments where a coloured square appears</action>\n<observation>A red square appears from 00:05 to 00:12, then a green one from 00:15 to 00:22.</observation> Red comes first.\n<answer>A</answer>", (1, 1.0, 1, 1), None),
            ("<action>query the segment from 00:00 to 00:05</action>\n<observation>A blue square fills the centre.</observation> Blue is first.\n<answer>C</answer>", (0, 0.0, 0, 1), None),
            ("<action>query the segment from 00:05 to 00:12</action>\n<observation>A red square is shown in the upper middle of the frame.</observation>\n<answer>A: Red</answer>", (1, 1.0, 0, 1), None),
            ("The first square is probably blue.\n<answer>C</answer>", (0, 0.0, 0, 0), None),
        ],
    },
]

lines = []
for g in groups:
    totals = []
    for (_, parts, logged) in g["rollouts"]:
        totals.append(logged if logged is not None else total(*parts))
    advs = advantages(totals, population=g.get("population_std", False))
    for i, ((chain, (acc, obs, rea, fmt), _), t, adv) in enumerate(zip(g["rollouts"], totals, advs)):
        lines.append({
            "id": f"{g['prompt_id']}-r{i + 1}",
            "prompt_id": g["prompt_id"],
            "source": "samples",
            "video_path": g["video"],
            "question_type": g["question_type"],
            "question": g["question"],
            "options": g["options"],
            "answer": g["answer"],
            "response": chain,
            "rewards": {"accuracy": acc, "observation": obs, "reasoning": rea, "format": fmt},
            "reward": round(t, 4),
            "advantage": adv,
        })

with open("samples/rewatch-rollouts.jsonl", "w", newline="\n") as f:
    for line in lines:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
print(f"wrote {len(lines)} rollouts")
