"""Train TRL's DPOTrainer, SFTTrainer and RewardTrainer for 2 steps each on tutorloop exports, with a
tiny randomly initialised GPT-2-shaped model and a word-level tokenizer trained here on the data: no hub.

argv: dpo.jsonl sft.jsonl workdir. Prints one JSON object: per trainer, the steps run and the last loss.
"""
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import datasets
from tokenizers import Tokenizer, models, pre_tokenizers, trainers
from transformers import GPT2Config, GPT2ForSequenceClassification, GPT2LMHeadModel, PreTrainedTokenizerFast
from trl import DPOConfig, DPOTrainer, RewardConfig, RewardTrainer, SFTConfig, SFTTrainer

datasets.disable_progress_bars()
dpo_path, sft_path, work = sys.argv[1], sys.argv[2], sys.argv[3]
dpo = datasets.load_dataset("json", data_files=dpo_path, split="train", cache_dir=f"{work}/cache")
sft = datasets.load_dataset("json", data_files=sft_path, split="train", cache_dir=f"{work}/cache")

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{% if m['role'] == 'assistant' %}{% generation %}{{ m['content'] }}<|end|>{% endgeneration %}"
    "{% else %}{{ m['content'] }}<|end|>{% endif %}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def texts():
    for row in dpo:
        for m in row["prompt"] + row["chosen"] + row["rejected"]:
            yield m["content"]
    for row in sft:
        for m in row["messages"]:
            yield m["content"]


specials = ["<|pad|>", "<|unk|>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>"]
raw = Tokenizer(models.WordLevel(unk_token="<|unk|>"))
raw.pre_tokenizer = pre_tokenizers.Whitespace()
raw.train_from_iterator(texts(), trainers.WordLevelTrainer(vocab_size=2000, special_tokens=specials))
tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, pad_token="<|pad|>", unk_token="<|unk|>", eos_token="<|end|>", bos_token="<|end|>")
tokenizer.chat_template = CHAT_TEMPLATE
def tiny_config(**extra):
    return GPT2Config(vocab_size=len(tokenizer), n_positions=512, n_embd=32, n_layer=2, n_head=2, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id, **extra)


config = tiny_config()

common = dict(max_steps=2, per_device_train_batch_size=2, report_to=[], save_strategy="no", logging_steps=1, use_cpu=True, disable_tqdm=True)
result = {}


def run(name, trainer):
    out = trainer.train()
    result[name] = {"steps": out.global_step, "loss": out.training_loss, "rows": len(trainer.train_dataset)}


# DPO's reference model is given: TRL would otherwise load one by the policy's hub name, which a local model has not.
run("DPOTrainer", DPOTrainer(model=GPT2LMHeadModel(config), ref_model=GPT2LMHeadModel(config), args=DPOConfig(output_dir=f"{work}/dpo", max_length=256, **common), train_dataset=dpo, processing_class=tokenizer))
run("SFTTrainer", SFTTrainer(model=GPT2LMHeadModel(config), args=SFTConfig(output_dir=f"{work}/sft", max_length=256, **common), train_dataset=sft, processing_class=tokenizer))
run("RewardTrainer", RewardTrainer(model=GPT2ForSequenceClassification(tiny_config(num_labels=1)), args=RewardConfig(output_dir=f"{work}/rm", max_length=256, **common), train_dataset=dpo, processing_class=tokenizer))
print(json.dumps(result))
