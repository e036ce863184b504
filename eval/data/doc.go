// Package data reads the public data sets Byline is measured on, kept
// beside the repository in ../shared/data and never copied into it: BEIR
// retrieval sets ([LoadDataset]: corpus, queries, graded judgments, with
// tuning and held-out splits), BBC News articles and their reference
// summaries ([LoadBBC], [LoadPairs]) and AG News ([LoadAGNews]), from
// folders or .tar.gz archives ([ReadFiles]).
package data
