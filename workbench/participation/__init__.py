"""Taking part: sessions and join codes, joining (pseudonym, consent, demographics), return codes,
"my data" and erasure, demographics in aggregate, submission limits; the join panel and the
privacy panel every participant app uses.
"""
