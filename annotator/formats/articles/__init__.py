"""Article files (.txt, .md, .html, .pdf, .docx) read into one article's canonical text and metadata."""
