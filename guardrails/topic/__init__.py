"""Topic, abuse and policy guardrail, run on every shopper message before the assistant answers.

``TopicGuard(config, competitors=...).check(text)`` returns a ``TopicVerdict``: ok, abuse
(mild or severe), competitor (with the retailer named), advice (medical, legal or financial)
or off topic, with a reason safe to log. Curated lexicons in ``data/`` (YAML) drive it; see
``data/README.md`` for what each file holds and how to change it.
"""

from guardrails.topic.config import TopicConfig
from guardrails.topic.guard import TopicGuard
from guardrails.topic.verdict import AdviceDomain, Severity, TopicKind, TopicVerdict

__all__ = ["AdviceDomain", "Severity", "TopicConfig", "TopicGuard", "TopicKind", "TopicVerdict"]
