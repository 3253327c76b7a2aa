"""Thresholds and measured error rates of the editing indicators.

Written by benchmarks/splices.py; do not edit by hand. Regenerate with:

    python benchmarks/splices.py --data ../shared/data/audio --n 12 --write-calibration
"""

from typing import Any

CALIBRATION: dict[str, Any] = (
    {'command': 'python benchmarks/splices.py --data ../shared/data/audio --n 12 --write-calibration',
     'indicators': {'enf_presence': {'threshold': 13.1923,
                                     'false_alarm_rate': 0.1667,
                                     'detection_rate': 1.0,
                                     'measured_on': '36 evaluation recordings without added hum (false alarms; '
                                                    'some LibriSpeech recordings carry real hum) and 36 with hum '
                                                    '30-45 dB below the speech'},
                    'enf_discontinuity': {'threshold': 6.7181,
                                          'false_alarm_rate': 0.0,
                                          'detection_rate': 0.5,
                                          'measured_on': '72 unedited evaluation recordings of 9 speakers not used '
                                                         'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                         'recorded, 30 and 20 dB SNR); detection over 198 edited '
                                                         'ones (cut_hard, cut_crossfade, silence_zero, '
                                                         'silence_noise, splice_other, mp3_join), recordings with '
                                                         'mains hum only'},
                    'sample_discontinuity': {'threshold': 37.0553,
                                             'false_alarm_rate': 0.0417,
                                             'detection_rate': 0.0602,
                                             'measured_on': '72 unedited evaluation recordings of 9 speakers not '
                                                            'used for tuning (LibriSpeech, LJSpeech; WAV and MP3; '
                                                            'as recorded, 30 and 20 dB SNR); detection over 216 '
                                                            'edited ones (cut_hard, silence_zero, splice_other)'},
                    'digital_silence': {'threshold': 0.01,
                                        'false_alarm_rate': 0.0,
                                        'detection_rate': 1.0,
                                        'measured_on': '72 unedited evaluation recordings of 9 speakers not used '
                                                       'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                       'recorded, 30 and 20 dB SNR); detection over 72 edited ones '
                                                       '(silence_zero)'},
                    'noise_floor_change': {'threshold': 15.7539,
                                           'false_alarm_rate': 0.0278,
                                           'detection_rate': 0.0833,
                                           'measured_on': '72 unedited evaluation recordings of 9 speakers not '
                                                          'used for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                          'recorded, 30 and 20 dB SNR); detection over 144 edited '
                                                          'ones (splice_other, silence_noise)'},
                    'spectrum_change': {'threshold': 8.6733,
                                        'false_alarm_rate': 0.0972,
                                        'detection_rate': 0.1806,
                                        'measured_on': '72 unedited evaluation recordings of 9 speakers not used '
                                                       'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                       'recorded, 30 and 20 dB SNR); detection over 72 edited ones '
                                                       '(splice_other)'},
                    'mp3_frame_grid': {'threshold': 1.0,
                                       'false_alarm_rate': 0.0,
                                       'detection_rate': 1.0,
                                       'measured_on': '36 unedited evaluation recordings of 9 speakers not used '
                                                      'for tuning (LibriSpeech, LJSpeech; MP3 at 64, 96 or 128 '
                                                      'kb/s; as recorded, 30 and 20 dB SNR); detection over 36 '
                                                      'edited ones (mp3_join)'},
                    'mp3_double_compression': {'threshold': 0.0181,
                                               'false_alarm_rate': 0.0909,
                                               'detection_rate': 0.3636,
                                               'measured_on': '33 unedited evaluation recordings of 9 speakers not '
                                                              'used for tuning (LibriSpeech, LJSpeech; MP3 at 64, '
                                                              '96 or 128 kb/s; as recorded, 30 and 20 dB SNR); '
                                                              'detection over 33 edited ones (mp3_double)'}}}
)
