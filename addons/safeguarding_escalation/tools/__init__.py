from .texts import check_texts_given
