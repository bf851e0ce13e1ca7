"""INCEpTION's formats, import only: UIMA CAS JSON and XMI, WebAnno TSV 3."""
