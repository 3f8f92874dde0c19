"""Near-duplicate detection machinery: MinHash signatures of word shingles, LSH banding into
candidate pairs, and clusters of verified pairs (used by the corpus step and its bench), plus
the pairwise paragraph similarity used inside one document."""
