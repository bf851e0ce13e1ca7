"""The W3C Web Annotation format (JSON-LD): one AnnotationCollection."""
